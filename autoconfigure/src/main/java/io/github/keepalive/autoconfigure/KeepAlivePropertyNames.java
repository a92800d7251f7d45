package io.github.keepalive.autoconfigure;

import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.SettingNames;
import org.jspecify.annotations.Nullable;

/**
 * The properties that the client settings are mapped from: the one place that turns a
 * {@link ClientSetting} into a property name, for errors, logs and advice. A property
 * follows its setting's path in kebab case ({@code pool.maxTotal} is
 * {@code pool.max-total}), but for the few laid out otherwise.
 */
public final class KeepAlivePropertyNames implements SettingNames {

	/** The names. */
	public static final KeepAlivePropertyNames INSTANCE = new KeepAlivePropertyNames();

	static final String PREFIX = "keepalive";

	// the settings whose properties are laid out otherwise than the records
	private static final Map<ClientSetting, String> ELSEWHERE = Map.of(KeepAliveClientSettings.MAX_RETRIES,
			"retry.max-retries", KeepAliveClientSettings.CONNECT_TIMEOUT, "connect-timeout",
			KeepAliveClientSettings.READ_TIMEOUT, "read-timeout");

	private static final Pattern CAMEL_HUMP = Pattern.compile("([a-z0-9])([A-Z])");

	private KeepAlivePropertyNames() {
	}

	@Override
	public String nameOf(String client, ClientSetting setting, @Nullable String key) {
		return prefix(client) + "." + relative(setting, key);
	}

	/**
	 * The prefix of a client's properties.
	 * @param client the client's name
	 * @return {@code keepalive} for the default client, else
	 * {@code keepalive.clients.<name>}
	 */
	static String prefix(String client) {
		return KeepAliveClientSettings.DEFAULT_CLIENT_NAME.equals(client) ? PREFIX : namedClientPrefix(client);
	}

	/**
	 * The prefix of a named client's properties, whatever the name.
	 * @param client the client's name
	 * @return {@code keepalive.clients.<name>}
	 */
	static String namedClientPrefix(String client) {
		return PREFIX + ".clients." + client;
	}

	/**
	 * The property of a setting, relative to a client's prefix.
	 * @param setting the setting
	 * @param key the key of a map entry, or {@code null}
	 * @return e.g. {@code pool.max-total}, {@code pool.max-per-host.[api.example.com]}
	 */
	static String relative(ClientSetting setting, @Nullable String key) {
		String property = ELSEWHERE.get(setting);
		if (property == null) {
			// the properties follow the settings records, in kebab case
			property = CAMEL_HUMP.matcher(setting.field()).replaceAll("$1-$2").toLowerCase(Locale.ROOT);
		}

		return mapEntry(property, key);
	}

	/**
	 * The property of one entry of a map property; the key in brackets, as it may hold
	 * dots.
	 * @param property the map property
	 * @param key the key, or {@code null} for the map itself
	 * @return e.g. {@code pool.max-per-host.[api.example.com]}
	 */
	static String mapEntry(String property, @Nullable String key) {
		return (key != null) ? property + ".[" + key + "]" : property;
	}

}
