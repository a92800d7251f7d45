package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.jspecify.annotations.Nullable;

/**
 * Settings of one keep-alive client. Every value is optional: an unset value of a named
 * client falls back to the default client's, and an unset value of the default client to
 * the starter's default.
 */
public class KeepAliveClientProperties {

	/**
	 * Base URL of the client's RestClient, e.g. https://api.example.com; unset, requests
	 * need absolute URLs. Never inherited.
	 */
	private @Nullable String baseUrl;

	/**
	 * Headers sent on every request; a named client's headers are added to the default
	 * client's. None by default.
	 */
	private Map<String, List<String>> defaultHeaders = new LinkedHashMap<>();

	/**
	 * Time to establish a TCP (and TLS) connection. Falls back to
	 * spring.http.clients.connect-timeout, then 5s.
	 */
	private @Nullable Duration connectTimeout;

	/**
	 * Longest wait for data on an open connection. Falls back to
	 * spring.http.clients.read-timeout, then 30s.
	 */
	private @Nullable Duration readTimeout;

	private final Pool pool = new Pool();

	private final KeepAlive keepAlive = new KeepAlive();

	private final Retry retry = new Retry();

	private final Ssl ssl = new Ssl();

	private final Proxy proxy = new Proxy();

	private final WarmUp warmUp = new WarmUp();

	public @Nullable String getBaseUrl() {
		return this.baseUrl;
	}

	public void setBaseUrl(@Nullable String baseUrl) {
		this.baseUrl = baseUrl;
	}

	public Map<String, List<String>> getDefaultHeaders() {
		return this.defaultHeaders;
	}

	public void setDefaultHeaders(Map<String, List<String>> defaultHeaders) {
		this.defaultHeaders = defaultHeaders;
	}

	public @Nullable Duration getConnectTimeout() {
		return this.connectTimeout;
	}

	public void setConnectTimeout(@Nullable Duration connectTimeout) {
		this.connectTimeout = connectTimeout;
	}

	public @Nullable Duration getReadTimeout() {
		return this.readTimeout;
	}

	public void setReadTimeout(@Nullable Duration readTimeout) {
		this.readTimeout = readTimeout;
	}

	public Pool getPool() {
		return this.pool;
	}

	public KeepAlive getKeepAlive() {
		return this.keepAlive;
	}

	public Retry getRetry() {
		return this.retry;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Proxy getProxy() {
		return this.proxy;
	}

	public WarmUp getWarmUp() {
		return this.warmUp;
	}

	/**
	 * Connection pool settings.
	 */
	public static class Pool {

		/**
		 * Maximum connections across all routes. Defaults to 200.
		 */
		private @Nullable Integer maxTotal;

		/**
		 * Maximum connections to one scheme, host and port. Defaults to 50.
		 */
		private @Nullable Integer maxPerRoute;

		/**
		 * Per-route maximum for one host, keyed by host or host:port; overrides
		 * max-per-route. None by default.
		 */
		private Map<String, Integer> maxPerHost = new LinkedHashMap<>();

		/**
		 * Longest wait for a free pooled connection before the request fails. Defaults to
		 * 5s.
		 */
		private @Nullable Duration leaseTimeout;

		/**
		 * Pool locking: STRICT enforces max-per-route exactly, LAX trades that for less
		 * contention, OFFLOCK avoids the global lock. Defaults to STRICT.
		 */
		private @Nullable PoolConcurrencyPolicy concurrencyPolicy;

		/**
		 * Which idle connection is leased first: LIFO (hot connections, lets the rest
		 * expire) or FIFO (spreads use). Defaults to LIFO.
		 */
		private @Nullable PoolReusePolicy reusePolicy;

		/**
		 * A connection leased for longer than this is logged and counted as a probable leak,
		 * with the stack trace of the code that leased it. Unset (the default) turns leak
		 * detection off.
		 */
		private @Nullable Duration leakDetectionThreshold;

		private final Adaptive adaptive = new Adaptive();

		public @Nullable Integer getMaxTotal() {
			return this.maxTotal;
		}

		public void setMaxTotal(@Nullable Integer maxTotal) {
			this.maxTotal = maxTotal;
		}

		public @Nullable Integer getMaxPerRoute() {
			return this.maxPerRoute;
		}

		public void setMaxPerRoute(@Nullable Integer maxPerRoute) {
			this.maxPerRoute = maxPerRoute;
		}

		public Map<String, Integer> getMaxPerHost() {
			return this.maxPerHost;
		}

		public void setMaxPerHost(Map<String, Integer> maxPerHost) {
			this.maxPerHost = maxPerHost;
		}

		public @Nullable Duration getLeaseTimeout() {
			return this.leaseTimeout;
		}

		public void setLeaseTimeout(@Nullable Duration leaseTimeout) {
			this.leaseTimeout = leaseTimeout;
		}

		public @Nullable PoolConcurrencyPolicy getConcurrencyPolicy() {
			return this.concurrencyPolicy;
		}

		public void setConcurrencyPolicy(@Nullable PoolConcurrencyPolicy concurrencyPolicy) {
			this.concurrencyPolicy = concurrencyPolicy;
		}

		public @Nullable PoolReusePolicy getReusePolicy() {
			return this.reusePolicy;
		}

		public void setReusePolicy(@Nullable PoolReusePolicy reusePolicy) {
			this.reusePolicy = reusePolicy;
		}

		public @Nullable Duration getLeakDetectionThreshold() {
			return this.leakDetectionThreshold;
		}

		public void setLeakDetectionThreshold(@Nullable Duration leakDetectionThreshold) {
			this.leakDetectionThreshold = leakDetectionThreshold;
		}

		public Adaptive getAdaptive() {
			return this.adaptive;
		}

		/**
		 * Adaptive per-route limit settings.
		 */
		public static class Adaptive {

			/**
			 * Whether the per-route limit adapts between min-per-route and max-per-route from
			 * observed latency and lease waits. Defaults to false.
			 */
			private @Nullable Boolean enabled;

			/**
			 * The adaptive per-route limit's floor. Defaults to 2.
			 */
			private @Nullable Integer minPerRoute;

			public @Nullable Boolean getEnabled() {
				return this.enabled;
			}

			public void setEnabled(@Nullable Boolean enabled) {
				this.enabled = enabled;
			}

			public @Nullable Integer getMinPerRoute() {
				return this.minPerRoute;
			}

			public void setMinPerRoute(@Nullable Integer minPerRoute) {
				this.minPerRoute = minPerRoute;
			}

		}

	}

	/**
	 * Connection keep-alive settings.
	 */
	public static class KeepAlive {

		/**
		 * Whether to reuse connections; false sends "Connection: close" on every request.
		 * Defaults to true.
		 */
		private @Nullable Boolean enabled;

		/**
		 * An idle pooled connection is not reused after this; a shorter "Keep-Alive:
		 * timeout" from the server wins. Defaults to 30s.
		 */
		private @Nullable Duration idleTimeout;

		/**
		 * Whole life of a connection, however busy, so DNS and load-balancer changes are
		 * picked up. Defaults to 5m.
		 */
		private @Nullable Duration timeToLive;

		/**
		 * A connection idle this long is also checked for staleness when leased, and
		 * replaced at once if the server closed it. Every reused connection is checked
		 * anyway just before its request is written, whatever its idle time (a
		 * non-blocking look at its socket); through a SOCKS proxy this lease-time check (a
		 * 1 ms read) is the only one. Defaults to 1s.
		 */
		private @Nullable Duration validateAfterInactivity;

		/**
		 * Each connection's life is time-to-live minus a random amount up to this, so that
		 * connections opened together do not expire together. Unset, it is computed per
		 * client as a tenth of its time-to-live (30s for the default 5m).
		 */
		private @Nullable Duration timeToLiveJitter;

		public @Nullable Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(@Nullable Boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(@Nullable Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public @Nullable Duration getTimeToLive() {
			return this.timeToLive;
		}

		public void setTimeToLive(@Nullable Duration timeToLive) {
			this.timeToLive = timeToLive;
		}

		public @Nullable Duration getValidateAfterInactivity() {
			return this.validateAfterInactivity;
		}

		public void setValidateAfterInactivity(@Nullable Duration validateAfterInactivity) {
			this.validateAfterInactivity = validateAfterInactivity;
		}

		public @Nullable Duration getTimeToLiveJitter() {
			return this.timeToLiveJitter;
		}

		public void setTimeToLiveJitter(@Nullable Duration timeToLiveJitter) {
			this.timeToLiveJitter = timeToLiveJitter;
		}

	}

	/**
	 * Retry settings.
	 */
	public static class Retry {

		/**
		 * Retries of idempotent requests (or requests with an Idempotency-Key header) that
		 * fail with an I/O error, such as a connection closed in flight; 0 disables
		 * retries. A request whose connection was found closed before it was written is
		 * sent once more whatever this says. Defaults to 1.
		 */
		private @Nullable Integer maxRetries;

		public @Nullable Integer getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(@Nullable Integer maxRetries) {
			this.maxRetries = maxRetries;
		}

	}

	/**
	 * TLS settings.
	 */
	public static class Ssl {

		/**
		 * Name of the SSL bundle (spring.ssl.bundle.*) with the trust and key material;
		 * unset uses the JDK trust store.
		 */
		private @Nullable String bundle;

		public @Nullable String getBundle() {
			return this.bundle;
		}

		public void setBundle(@Nullable String bundle) {
			this.bundle = bundle;
		}

	}

	/**
	 * HTTP proxy settings.
	 */
	public static class Proxy {

		/**
		 * Host of the HTTP proxy; unset goes direct.
		 */
		private @Nullable String host;

		/**
		 * Port of the HTTP proxy; required with a host, none by default.
		 */
		private @Nullable Integer port;

		/**
		 * User name for proxy authentication; unset sends no credentials.
		 */
		private @Nullable String username;

		/**
		 * Password for proxy authentication; never logged or shown. None by default.
		 */
		private @Nullable String password;

		/**
		 * Hosts reached directly, not through the proxy; "*" wildcards allowed. None by
		 * default.
		 */
		private List<String> nonProxyHosts = new ArrayList<>();

		public @Nullable String getHost() {
			return this.host;
		}

		public void setHost(@Nullable String host) {
			this.host = host;
		}

		public @Nullable Integer getPort() {
			return this.port;
		}

		public void setPort(@Nullable Integer port) {
			this.port = port;
		}

		public @Nullable String getUsername() {
			return this.username;
		}

		public void setUsername(@Nullable String username) {
			this.username = username;
		}

		public @Nullable String getPassword() {
			return this.password;
		}

		public void setPassword(@Nullable String password) {
			this.password = password;
		}

		public List<String> getNonProxyHosts() {
			return this.nonProxyHosts;
		}

		public void setNonProxyHosts(List<String> nonProxyHosts) {
			this.nonProxyHosts = nonProxyHosts;
		}

	}

	/**
	 * Connections opened at start-up.
	 */
	public static class WarmUp {

		/**
		 * Connections opened to the base URL's route at start-up, TLS handshake (and proxy
		 * CONNECT) included, before the application reports ready. Defaults to 0 (off).
		 */
		private @Nullable Integer connections;

		/**
		 * The longest start-up waits for warm-up; then it goes on and logs what was not
		 * warmed. Defaults to 10s.
		 */
		private @Nullable Duration timeout;

		public @Nullable Integer getConnections() {
			return this.connections;
		}

		public void setConnections(@Nullable Integer connections) {
			this.connections = connections;
		}

		public @Nullable Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(@Nullable Duration timeout) {
			this.timeout = timeout;
		}

	}

}
