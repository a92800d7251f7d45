package io.github.keepalive.autoconfigure;

import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.SettingNames;
import org.jspecify.annotations.Nullable;

/**
 * The properties that the client settings are mapped from: the one place that turns a
 * {@link ClientSetting} into a property name, for errors, logs and advice.
 */
public final class KeepAlivePropertyNames implements SettingNames {

	/** The names. */
	public static final KeepAlivePropertyNames INSTANCE = new KeepAlivePropertyNames();

	static final String PREFIX = "keepalive";

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
		String property = switch (setting) {
			case BASE_URL -> "base-url";
			case MAX_RETRIES -> "retry.max-retries";
			case CONNECT_TIMEOUT -> "connect-timeout";
			case READ_TIMEOUT -> "read-timeout";
			case POOL_MAX_TOTAL -> "pool.max-total";
			case POOL_MAX_PER_ROUTE -> "pool.max-per-route";
			case POOL_MAX_PER_HOST -> "pool.max-per-host";
			case POOL_LEASE_TIMEOUT -> "pool.lease-timeout";
			case POOL_LEAK_DETECTION_THRESHOLD -> "pool.leak-detection-threshold";
			case POOL_ADAPTIVE_MIN_PER_ROUTE -> "pool.adaptive.min-per-route";
			case KEEP_ALIVE_IDLE_TIMEOUT -> "keep-alive.idle-timeout";
			case KEEP_ALIVE_TIME_TO_LIVE -> "keep-alive.time-to-live";
			case KEEP_ALIVE_VALIDATE_AFTER_INACTIVITY -> "keep-alive.validate-after-inactivity";
			case KEEP_ALIVE_TIME_TO_LIVE_JITTER -> "keep-alive.time-to-live-jitter";
			case WARM_UP_CONNECTIONS -> "warm-up.connections";
			case WARM_UP_TIMEOUT -> "warm-up.timeout";
			case PROXY_PORT -> "proxy.port";
		};
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
