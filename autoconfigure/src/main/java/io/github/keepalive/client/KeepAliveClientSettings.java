package io.github.keepalive.client;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;

/**
 * Immutable settings of one keep-alive client: its pool, its keep-alive policy and the
 * Spring Boot {@link HttpClientSettings} (timeouts, SSL bundle, redirects) it runs with.
 *
 * @param name the client's name, used in thread names, meter tags and error messages
 * @param baseUrl the base URL of the client's {@code RestClient}, or {@code null}
 * @param defaultHeaders headers sent on every request
 * @param pool the connection pool settings
 * @param keepAlive the connection keep-alive settings
 * @param maxRetries retries of idempotent requests that fail with an I/O error
 * @param proxy the proxy to use, or {@code null} to go direct (or use JVM proxy properties)
 * @param http Spring Boot's client settings: connect and read timeouts, SSL bundle,
 * redirects and cookie handling
 */
public record KeepAliveClientSettings(String name, @Nullable URI baseUrl, Map<String, List<String>> defaultHeaders,
		Pool pool, KeepAlive keepAlive, int maxRetries, @Nullable Proxy proxy, HttpClientSettings http) {

	/** Name of the client configured directly under {@code keepalive.*}. */
	public static final String DEFAULT_CLIENT_NAME = "default";

	/** Default connect timeout. */
	public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);

	/** Default read (socket) timeout. */
	public static final Duration DEFAULT_READ_TIMEOUT = Duration.ofSeconds(30);

	/** Default number of retries of idempotent requests on I/O errors. */
	public static final int DEFAULT_MAX_RETRIES = 1;

	public KeepAliveClientSettings {
		defaultHeaders = Map.copyOf(defaultHeaders);
	}

	/**
	 * The base URL requests go to: {@link #baseUrl()} without its user information, which
	 * the client sends as Basic credentials to that URL's host instead.
	 * @return the base URL without user information, or {@code null}
	 */
	public @Nullable URI requestBaseUrl() {
		return BaseUrlCredentials.withoutUserInfo(this.baseUrl);
	}

	/**
	 * Settings with every default and the given name.
	 * @param name the client's name
	 * @return the default settings
	 */
	public static KeepAliveClientSettings defaults(String name) {
		return new KeepAliveClientSettings(name, null, Map.of(), Pool.DEFAULTS, KeepAlive.DEFAULTS,
				DEFAULT_MAX_RETRIES, null,
				HttpClientSettings.defaults().withTimeouts(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT));
	}

	/**
	 * A copy with another name and base URL.
	 * @param name the new name
	 * @param baseUrl the new base URL, or {@code null}
	 * @return the copy
	 */
	public KeepAliveClientSettings withName(String name, @Nullable URI baseUrl) {
		return new KeepAliveClientSettings(name, baseUrl, this.defaultHeaders, this.pool, this.keepAlive,
				this.maxRetries, this.proxy, this.http);
	}

	/**
	 * A copy whose HTTP settings take the values set in {@code overrides}.
	 * @param overrides the settings to apply over this client's
	 * @return the copy
	 */
	public KeepAliveClientSettings withHttp(HttpClientSettings overrides) {
		return new KeepAliveClientSettings(this.name, this.baseUrl, this.defaultHeaders, this.pool, this.keepAlive,
				this.maxRetries, this.proxy, overrides.orElse(this.http));
	}

	/**
	 * Connection pool settings.
	 *
	 * @param maxTotal connections across all routes
	 * @param maxPerRoute connections to one scheme, host and port
	 * @param maxPerHost per-route overrides keyed by {@code host} or {@code host:port}
	 * @param leaseTimeout longest wait for a free connection
	 * @param concurrencyPolicy HttpClient's pool concurrency policy
	 * @param reusePolicy HttpClient's pool reuse policy
	 */
	public record Pool(int maxTotal, int maxPerRoute, Map<String, Integer> maxPerHost, Duration leaseTimeout,
			PoolConcurrencyPolicy concurrencyPolicy, PoolReusePolicy reusePolicy) {

		/** The starter's default pool. */
		public static final Pool DEFAULTS = new Pool(200, 50, Map.of(), Duration.ofSeconds(5),
				PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO);

		public Pool {
			maxPerHost = Map.copyOf(maxPerHost);
		}

	}

	/**
	 * Connection keep-alive settings.
	 *
	 * @param enabled whether connections are reused; {@code false} sends
	 * {@code Connection: close} on every request
	 * @param idleTimeout an idle connection is not reused after this long; a shorter
	 * {@code Keep-Alive: timeout} from the server wins
	 * @param timeToLive a connection's whole life, however busy
	 * @param validateAfterInactivity a connection idle this long is checked for staleness
	 * before it is reused
	 */
	public record KeepAlive(boolean enabled, Duration idleTimeout, Duration timeToLive,
			Duration validateAfterInactivity) {

		/** The starter's default keep-alive policy. */
		public static final KeepAlive DEFAULTS = new KeepAlive(true, Duration.ofSeconds(30), Duration.ofMinutes(5),
				Duration.ofSeconds(1));

	}

	/**
	 * An HTTP proxy.
	 *
	 * @param host the proxy's host
	 * @param port the proxy's port
	 * @param username the user name for proxy authentication, or {@code null}
	 * @param password the password for proxy authentication, or {@code null}
	 * @param nonProxyHosts hosts reached directly; {@code *} wildcards allowed
	 */
	public record Proxy(String host, int port, @Nullable String username, @Nullable String password,
			List<String> nonProxyHosts) {

		public Proxy {
			nonProxyHosts = List.copyOf(nonProxyHosts);
		}

		@Override
		public String toString() {
			return "Proxy[host=" + this.host + ", port=" + this.port + ", username=" + this.username + ", password="
					+ ((this.password != null) ? "******" : null) + ", nonProxyHosts=" + this.nonProxyHosts + "]";
		}

	}

}
