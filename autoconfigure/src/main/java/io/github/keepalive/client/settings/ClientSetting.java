package io.github.keepalive.client.settings;

import org.jspecify.annotations.Nullable;

/**
 * A setting of a keep-alive client that the client layer names, in an
 * {@link InvalidSettingException} or in pool-sizing advice, by the path of the record
 * components that hold it from {@link KeepAliveClientSettings} ({@code pool.maxTotal}).
 * Each settings record declares the ones it names; whoever maps properties to settings
 * turns one into the property a user sets.
 *
 * @param field the path through the settings records
 */
public record ClientSetting(String field) {

	/**
	 * The setting's field, with a map entry's key where it names one.
	 * @param key the map key, or {@code null}
	 * @return e.g. {@code pool.maxPerHost[api.example.com]}
	 */
	public String field(@Nullable String key) {
		return (key != null) ? this.field + "[" + key + "]" : this.field;
	}

	@Override
	public String toString() {
		return this.field;
	}

}
