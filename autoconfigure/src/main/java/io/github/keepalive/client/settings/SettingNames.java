package io.github.keepalive.client.settings;

import org.jspecify.annotations.Nullable;

/**
 * Names a client's settings as its user knows them, in messages, logs and pool-sizing
 * advice. The starter names the properties they are mapped from; a client built without
 * it names the settings' fields ({@link #FIELDS}).
 */
@FunctionalInterface
public interface SettingNames {

	/** The settings' own fields, e.g. {@code pool.maxTotal}. */
	SettingNames FIELDS = (client, setting, key) -> setting.field(key);

	/**
	 * The name of one client's setting.
	 * @param client the client's name
	 * @param setting the setting
	 * @param key the key of a map entry, for a setting that is a map, else {@code null}
	 * @return the name, e.g. {@code keepalive.clients.github.pool.max-total}
	 */
	String nameOf(String client, ClientSetting setting, @Nullable String key);

}
