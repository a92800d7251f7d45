package io.github.keepalive.client.settings;

/**
 * A setting of a keep-alive client that the client layer names, in an
 * {@link InvalidSettingException} or in pool-sizing advice. Each is named by the
 * components of {@link KeepAliveClientSettings} that hold it ({@code pool.maxTotal});
 * whoever maps properties to settings turns it into the property a user sets.
 */
public enum ClientSetting {

	/** {@link KeepAliveClientSettings#baseUrl()}. */
	BASE_URL("baseUrl"),

	/** {@link KeepAliveClientSettings#maxRetries()}. */
	MAX_RETRIES("maxRetries"),

	/** The connect timeout of {@link KeepAliveClientSettings#http()}. */
	CONNECT_TIMEOUT("http.connectTimeout"),

	/** The read timeout of {@link KeepAliveClientSettings#http()}. */
	READ_TIMEOUT("http.readTimeout"),

	/** {@link PoolSettings#maxTotal()}. */
	POOL_MAX_TOTAL("pool.maxTotal"),

	/** {@link PoolSettings#maxPerRoute()}. */
	POOL_MAX_PER_ROUTE("pool.maxPerRoute"),

	/** One entry of {@link PoolSettings#maxPerHost()}, named with its key. */
	POOL_MAX_PER_HOST("pool.maxPerHost"),

	/** {@link PoolSettings#leaseTimeout()}. */
	POOL_LEASE_TIMEOUT("pool.leaseTimeout"),

	/** {@link PoolSettings#leakDetectionThreshold()}. */
	POOL_LEAK_DETECTION_THRESHOLD("pool.leakDetectionThreshold"),

	/** {@link AdaptiveSettings#minPerRoute()}. */
	POOL_ADAPTIVE_MIN_PER_ROUTE("pool.adaptive.minPerRoute"),

	/** {@link KeepAliveSettings#idleTimeout()}. */
	KEEP_ALIVE_IDLE_TIMEOUT("keepAlive.idleTimeout"),

	/** {@link KeepAliveSettings#timeToLive()}. */
	KEEP_ALIVE_TIME_TO_LIVE("keepAlive.timeToLive"),

	/** {@link KeepAliveSettings#validateAfterInactivity()}. */
	KEEP_ALIVE_VALIDATE_AFTER_INACTIVITY("keepAlive.validateAfterInactivity"),

	/** {@link KeepAliveSettings#timeToLiveJitter()}. */
	KEEP_ALIVE_TIME_TO_LIVE_JITTER("keepAlive.timeToLiveJitter"),

	/** {@link WarmUpSettings#connections()}. */
	WARM_UP_CONNECTIONS("warmUp.connections"),

	/** {@link WarmUpSettings#timeout()}. */
	WARM_UP_TIMEOUT("warmUp.timeout"),

	/** {@link ProxySettings#port()}. */
	PROXY_PORT("proxy.port");

	private final String field;

	ClientSetting(String field) {
		this.field = field;
	}

	/**
	 * The path of the setting through the settings records, e.g. {@code pool.maxTotal}.
	 * @return the path
	 */
	public String field() {
		return this.field;
	}

	/**
	 * The setting's field, with a map entry's key where it names one.
	 * @param key the map key, or {@code null}
	 * @return e.g. {@code pool.maxPerHost[api.example.com]}
	 */
	String field(@org.jspecify.annotations.Nullable String key) {
		return (key != null) ? this.field + "[" + key + "]" : this.field;
	}

}
