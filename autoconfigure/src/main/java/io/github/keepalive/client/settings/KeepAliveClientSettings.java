package io.github.keepalive.client.settings;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.util.Assert;

/**
 * Immutable settings of one keep-alive client: its pool, its keep-alive policy and the
 * Spring Boot {@link HttpClientSettings} (timeouts, SSL bundle, redirects) it runs with.
 * Every record checks its own invariants, so that settings built by hand hold them as
 * well as those mapped from properties; a violation is an {@link InvalidSettingException}
 * that names the {@link ClientSetting}.
 *
 * @param name the client's name, used in meter tags, the endpoint and error messages
 * @param baseUrl the base URL of the client's {@code RestClient}, or {@code null}
 * @param defaultHeaders headers sent on every request
 * @param pool the connection pool settings
 * @param keepAlive the connection keep-alive settings
 * @param maxRetries retries of idempotent requests that fail with an I/O error
 * @param proxy the proxy to use, or {@code null} to go direct (or use JVM proxy properties)
 * @param http Spring Boot's client settings: connect and read timeouts, SSL bundle,
 * redirects and cookie handling
 * @param warmUp connections opened to the base URL's route at start-up
 */
public record KeepAliveClientSettings(String name, @Nullable BaseUrl baseUrl, Map<String, List<String>> defaultHeaders,
		PoolSettings pool, KeepAliveSettings keepAlive, int maxRetries, @Nullable ProxySettings proxy,
		HttpClientSettings http, WarmUpSettings warmUp) {

	/** Setting: the base URL ({@code baseUrl}). */
	public static final ClientSetting BASE_URL = new ClientSetting("baseUrl");

	/** Setting: the retries of idempotent requests ({@code maxRetries}). */
	public static final ClientSetting MAX_RETRIES = new ClientSetting("maxRetries");

	/** Setting: the connect timeout ({@code http.connectTimeout}). */
	public static final ClientSetting CONNECT_TIMEOUT = new ClientSetting("http.connectTimeout");

	/** Setting: the read timeout ({@code http.readTimeout}). */
	public static final ClientSetting READ_TIMEOUT = new ClientSetting("http.readTimeout");

	/** Name of the client configured directly under {@code keepalive.*}. */
	public static final String DEFAULT_CLIENT_NAME = "default";

	/** Default connect timeout. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default read (socket) timeout. */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

	/** Default number of retries of idempotent requests on I/O errors. */
	public static final int DEFAULT_MAX_RETRIES = 1;

	public KeepAliveClientSettings {
		Assert.hasText(name, "'name' must not be empty");
		defaultHeaders = Map.copyOf(defaultHeaders);
		InvalidSettingException.check(maxRetries >= 0, MAX_RETRIES, maxRetries, "must be 0 or more");
		InvalidSettingException.checkPositive(CONNECT_TIMEOUT, http.connectTimeout());
		InvalidSettingException.checkPositive(READ_TIMEOUT, http.readTimeout());
		InvalidSettingException.checkAgainst(warmUp.connections() <= pool.maxPerRoute(),
				WarmUpSettings.CONNECTIONS, warmUp.connections(), "must not exceed",
				PoolSettings.MAX_PER_ROUTE, pool.maxPerRoute());
	}

	/**
	 * Settings with every default and the given name.
	 * @param name the client's name
	 * @return the default settings
	 */
	public static KeepAliveClientSettings defaults(String name) {
		return new KeepAliveClientSettings(name, null, Map.of(), PoolSettings.DEFAULTS, KeepAliveSettings.DEFAULTS,
				DEFAULT_MAX_RETRIES, null,
				HttpClientSettings.defaults().withTimeouts(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT),
				WarmUpSettings.DEFAULTS);
	}

	/**
	 * A copy with another name and base URL.
	 * @param name the new name
	 * @param baseUrl the new base URL, or {@code null}
	 * @return the copy
	 */
	public KeepAliveClientSettings withName(String name, @Nullable BaseUrl baseUrl) {
		return toBuilder().name(name).baseUrl(baseUrl).build();
	}

	/**
	 * A copy whose HTTP settings take the values set in {@code overrides}.
	 * @param overrides the settings to apply over this client's
	 * @return the copy
	 */
	public KeepAliveClientSettings withHttp(HttpClientSettings overrides) {
		return toBuilder().http(overrides.orElse(this.http)).build();
	}

	/**
	 * A copy with other pool settings.
	 * @param pool the pool settings
	 * @return the copy
	 */
	public KeepAliveClientSettings withPool(PoolSettings pool) {
		return toBuilder().pool(pool).build();
	}

	/**
	 * A copy with other keep-alive settings.
	 * @param keepAlive the keep-alive settings
	 * @return the copy
	 */
	public KeepAliveClientSettings withKeepAlive(KeepAliveSettings keepAlive) {
		return toBuilder().keepAlive(keepAlive).build();
	}

	/**
	 * A copy with another proxy.
	 * @param proxy the proxy, or {@code null}
	 * @return the copy
	 */
	public KeepAliveClientSettings withProxy(@Nullable ProxySettings proxy) {
		return toBuilder().proxy(proxy).build();
	}

	/**
	 * A copy with other warm-up settings.
	 * @param warmUp the warm-up settings
	 * @return the copy
	 */
	public KeepAliveClientSettings withWarmUp(WarmUpSettings warmUp) {
		return toBuilder().warmUp(warmUp).build();
	}

	/**
	 * A builder that starts from these settings: the one place a new setting is copied.
	 * @return the builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}


	/**
	 * Builds a client's settings from others; {@link #build()} checks them.
	 */
	public static final class Builder {

		private String name;

		private @Nullable BaseUrl baseUrl;

		private Map<String, List<String>> defaultHeaders;

		private PoolSettings pool;

		private KeepAliveSettings keepAlive;

		private int maxRetries;

		private @Nullable ProxySettings proxy;

		private HttpClientSettings http;

		private WarmUpSettings warmUp;

		private Builder(KeepAliveClientSettings settings) {
			this.name = settings.name;
			this.baseUrl = settings.baseUrl;
			this.defaultHeaders = settings.defaultHeaders;
			this.pool = settings.pool;
			this.keepAlive = settings.keepAlive;
			this.maxRetries = settings.maxRetries;
			this.proxy = settings.proxy;
			this.http = settings.http;
			this.warmUp = settings.warmUp;
		}

		public Builder name(String name) {
			this.name = name;
			return this;
		}

		public Builder baseUrl(@Nullable BaseUrl baseUrl) {
			this.baseUrl = baseUrl;
			return this;
		}

		public Builder defaultHeaders(Map<String, List<String>> defaultHeaders) {
			this.defaultHeaders = defaultHeaders;
			return this;
		}

		public Builder pool(PoolSettings pool) {
			this.pool = pool;
			return this;
		}

		public Builder keepAlive(KeepAliveSettings keepAlive) {
			this.keepAlive = keepAlive;
			return this;
		}

		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		public Builder proxy(@Nullable ProxySettings proxy) {
			this.proxy = proxy;
			return this;
		}

		public Builder http(HttpClientSettings http) {
			this.http = http;
			return this;
		}

		public Builder warmUp(WarmUpSettings warmUp) {
			this.warmUp = warmUp;
			return this;
		}

		/**
		 * The settings.
		 * @return the settings
		 * @throws InvalidSettingException if they break an invariant
		 */
		public KeepAliveClientSettings build() {
			return new KeepAliveClientSettings(this.name, this.baseUrl, this.defaultHeaders, this.pool, this.keepAlive,
					this.maxRetries, this.proxy, this.http, this.warmUp);
		}

	}






}
