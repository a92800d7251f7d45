package io.github.keepalive.client.settings;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
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
		Pool pool, KeepAlive keepAlive, int maxRetries, @Nullable Proxy proxy, HttpClientSettings http,
		WarmUp warmUp) {

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
		InvalidSettingException.check(maxRetries >= 0, ClientSetting.MAX_RETRIES, maxRetries, "must be 0 or more");
		positive(ClientSetting.CONNECT_TIMEOUT, http.connectTimeout());
		positive(ClientSetting.READ_TIMEOUT, http.readTimeout());
		InvalidSettingException.checkAgainst(warmUp.connections() <= pool.maxPerRoute(), ClientSetting.WARM_UP_CONNECTIONS,
				warmUp.connections(), "must not exceed", ClientSetting.POOL_MAX_PER_ROUTE, pool.maxPerRoute());
	}

	/**
	 * Settings with every default and the given name.
	 * @param name the client's name
	 * @return the default settings
	 */
	public static KeepAliveClientSettings defaults(String name) {
		return new KeepAliveClientSettings(name, null, Map.of(), Pool.DEFAULTS, KeepAlive.DEFAULTS,
				DEFAULT_MAX_RETRIES, null,
				HttpClientSettings.defaults().withTimeouts(DEFAULT_CONNECT_TIMEOUT, DEFAULT_READ_TIMEOUT),
				WarmUp.DEFAULTS);
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
	public KeepAliveClientSettings withPool(Pool pool) {
		return toBuilder().pool(pool).build();
	}

	/**
	 * A copy with other keep-alive settings.
	 * @param keepAlive the keep-alive settings
	 * @return the copy
	 */
	public KeepAliveClientSettings withKeepAlive(KeepAlive keepAlive) {
		return toBuilder().keepAlive(keepAlive).build();
	}

	/**
	 * A copy with another proxy.
	 * @param proxy the proxy, or {@code null}
	 * @return the copy
	 */
	public KeepAliveClientSettings withProxy(@Nullable Proxy proxy) {
		return toBuilder().proxy(proxy).build();
	}

	/**
	 * A copy with other warm-up settings.
	 * @param warmUp the warm-up settings
	 * @return the copy
	 */
	public KeepAliveClientSettings withWarmUp(WarmUp warmUp) {
		return toBuilder().warmUp(warmUp).build();
	}

	/**
	 * A builder that starts from these settings: the one place a new setting is copied.
	 * @return the builder
	 */
	public Builder toBuilder() {
		return new Builder(this);
	}

	static void positive(ClientSetting setting, @Nullable Duration value) {
		InvalidSettingException.check(value == null || (!value.isNegative() && !value.isZero()), setting, value,
				"must be a positive duration");
	}

	/**
	 * Builds a client's settings from others; {@link #build()} checks them.
	 */
	public static final class Builder {

		private String name;

		private @Nullable BaseUrl baseUrl;

		private Map<String, List<String>> defaultHeaders;

		private Pool pool;

		private KeepAlive keepAlive;

		private int maxRetries;

		private @Nullable Proxy proxy;

		private HttpClientSettings http;

		private WarmUp warmUp;

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

		public Builder pool(Pool pool) {
			this.pool = pool;
			return this;
		}

		public Builder keepAlive(KeepAlive keepAlive) {
			this.keepAlive = keepAlive;
			return this;
		}

		public Builder maxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
			return this;
		}

		public Builder proxy(@Nullable Proxy proxy) {
			this.proxy = proxy;
			return this;
		}

		public Builder http(HttpClientSettings http) {
			this.http = http;
			return this;
		}

		public Builder warmUp(WarmUp warmUp) {
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

	/**
	 * Connection pool settings.
	 *
	 * @param maxTotal connections across all routes
	 * @param maxPerRoute connections to one scheme, host and port
	 * @param maxPerHost per-route overrides keyed by {@code host} or {@code host:port}
	 * @param leaseTimeout longest wait for a free connection
	 * @param concurrencyPolicy HttpClient's pool concurrency policy
	 * @param reusePolicy HttpClient's pool reuse policy
	 * @param leakDetectionThreshold a connection leased longer than this is reported as a
	 * probable leak, or {@code null} for no leak detection
	 * @param adaptive the adaptive per-route limit
	 */
	public record Pool(int maxTotal, int maxPerRoute, Map<String, Integer> maxPerHost, Duration leaseTimeout,
			PoolConcurrencyPolicy concurrencyPolicy, PoolReusePolicy reusePolicy,
			@Nullable Duration leakDetectionThreshold, Adaptive adaptive) {

		/** The starter's default pool. */
		public static final Pool DEFAULTS = new Pool(200, 50, Map.of(), Duration.ofSeconds(5),
				PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, null, Adaptive.DEFAULTS);

		public Pool {
			InvalidSettingException.check(maxTotal >= 1, ClientSetting.POOL_MAX_TOTAL, maxTotal, "must be at least 1");
			InvalidSettingException.check(maxPerRoute >= 1, ClientSetting.POOL_MAX_PER_ROUTE, maxPerRoute, "must be at least 1");
			InvalidSettingException.checkAgainst(maxPerRoute <= maxTotal, ClientSetting.POOL_MAX_PER_ROUTE, maxPerRoute,
					"must not exceed", ClientSetting.POOL_MAX_TOTAL, maxTotal);
			maxPerHost = Map.copyOf(maxPerHost);
			maxPerHost.forEach((host, max) -> {
				if (max == null || max < 1 || max > maxTotal) {
					throw new InvalidSettingException(ClientSetting.POOL_MAX_PER_HOST, host, max, "must be between 1 and",
							ClientSetting.POOL_MAX_TOTAL, maxTotal);
				}
				HostKey.parse(host);
			});
			positive(ClientSetting.POOL_LEASE_TIMEOUT, leaseTimeout);
			positive(ClientSetting.POOL_LEAK_DETECTION_THRESHOLD, leakDetectionThreshold);
			InvalidSettingException.checkAgainst(!adaptive.enabled() || adaptive.minPerRoute() <= maxPerRoute,
					ClientSetting.POOL_ADAPTIVE_MIN_PER_ROUTE, adaptive.minPerRoute(), "must not exceed", ClientSetting.POOL_MAX_PER_ROUTE,
					maxPerRoute);
		}

		/**
		 * A copy with other limits.
		 * @param maxTotal connections across all routes
		 * @param maxPerRoute connections to one route
		 * @return the copy
		 */
		public Pool withLimits(int maxTotal, int maxPerRoute) {
			return toBuilder().maxTotal(maxTotal).maxPerRoute(maxPerRoute).build();
		}

		/**
		 * A copy with another lease timeout.
		 * @param leaseTimeout the lease timeout
		 * @return the copy
		 */
		public Pool withLeaseTimeout(Duration leaseTimeout) {
			return toBuilder().leaseTimeout(leaseTimeout).build();
		}

		/**
		 * A copy with other per-host limits.
		 * @param maxPerHost per-route overrides keyed by {@code host} or {@code host:port}
		 * @return the copy
		 */
		public Pool withMaxPerHost(Map<String, Integer> maxPerHost) {
			return toBuilder().maxPerHost(maxPerHost).build();
		}

		/**
		 * A copy with other pool policies.
		 * @param concurrencyPolicy the concurrency policy
		 * @param reusePolicy the reuse policy
		 * @return the copy
		 */
		public Pool withPolicies(PoolConcurrencyPolicy concurrencyPolicy, PoolReusePolicy reusePolicy) {
			return toBuilder().concurrencyPolicy(concurrencyPolicy).reusePolicy(reusePolicy).build();
		}

		/**
		 * A copy with another leak-detection threshold.
		 * @param leakDetectionThreshold the threshold, or {@code null} for none
		 * @return the copy
		 */
		public Pool withLeakDetectionThreshold(@Nullable Duration leakDetectionThreshold) {
			return toBuilder().leakDetectionThreshold(leakDetectionThreshold).build();
		}

		/**
		 * A copy with another adaptive limit.
		 * @param adaptive the adaptive limit
		 * @return the copy
		 */
		public Pool withAdaptive(Adaptive adaptive) {
			return toBuilder().adaptive(adaptive).build();
		}

		/**
		 * A builder that starts from these settings: the one place a new pool setting is
		 * copied.
		 * @return the builder
		 */
		public Builder toBuilder() {
			return new Builder(this);
		}

		/**
		 * Builds pool settings from others; {@link #build()} checks them.
		 */
		public static final class Builder {

			private int maxTotal;

			private int maxPerRoute;

			private Map<String, Integer> maxPerHost;

			private Duration leaseTimeout;

			private PoolConcurrencyPolicy concurrencyPolicy;

			private PoolReusePolicy reusePolicy;

			private @Nullable Duration leakDetectionThreshold;

			private Adaptive adaptive;

			private Builder(Pool pool) {
				this.maxTotal = pool.maxTotal;
				this.maxPerRoute = pool.maxPerRoute;
				this.maxPerHost = pool.maxPerHost;
				this.leaseTimeout = pool.leaseTimeout;
				this.concurrencyPolicy = pool.concurrencyPolicy;
				this.reusePolicy = pool.reusePolicy;
				this.leakDetectionThreshold = pool.leakDetectionThreshold;
				this.adaptive = pool.adaptive;
			}

			public Builder maxTotal(int maxTotal) {
				this.maxTotal = maxTotal;
				return this;
			}

			public Builder maxPerRoute(int maxPerRoute) {
				this.maxPerRoute = maxPerRoute;
				return this;
			}

			public Builder maxPerHost(Map<String, Integer> maxPerHost) {
				this.maxPerHost = maxPerHost;
				return this;
			}

			public Builder leaseTimeout(Duration leaseTimeout) {
				this.leaseTimeout = leaseTimeout;
				return this;
			}

			public Builder concurrencyPolicy(PoolConcurrencyPolicy concurrencyPolicy) {
				this.concurrencyPolicy = concurrencyPolicy;
				return this;
			}

			public Builder reusePolicy(PoolReusePolicy reusePolicy) {
				this.reusePolicy = reusePolicy;
				return this;
			}

			public Builder leakDetectionThreshold(@Nullable Duration leakDetectionThreshold) {
				this.leakDetectionThreshold = leakDetectionThreshold;
				return this;
			}

			public Builder adaptive(Adaptive adaptive) {
				this.adaptive = adaptive;
				return this;
			}

			/**
			 * The settings.
			 * @return the settings
			 * @throws InvalidSettingException if they break an invariant
			 */
			public Pool build() {
				return new Pool(this.maxTotal, this.maxPerRoute, this.maxPerHost, this.leaseTimeout,
						this.concurrencyPolicy, this.reusePolicy, this.leakDetectionThreshold, this.adaptive);
			}

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
	 * @param validateAfterInactivity a connection idle this long is also checked for
	 * staleness when leased (every reused connection is checked just before its request is
	 * written)
	 * @param timeToLiveJitter each connection's life is the time-to-live minus a random
	 * amount up to this, so that connections opened together do not expire together
	 */
	public record KeepAlive(boolean enabled, Duration idleTimeout, Duration timeToLive,
			Duration validateAfterInactivity, Duration timeToLiveJitter) {

		/** The starter's default keep-alive policy. */
		public static final KeepAlive DEFAULTS = new KeepAlive(true, Duration.ofSeconds(30), Duration.ofMinutes(5),
				Duration.ofSeconds(1), defaultJitter(Duration.ofMinutes(5)));

		public KeepAlive {
			positive(ClientSetting.KEEP_ALIVE_IDLE_TIMEOUT, idleTimeout);
			positive(ClientSetting.KEEP_ALIVE_TIME_TO_LIVE, timeToLive);
			positive(ClientSetting.KEEP_ALIVE_VALIDATE_AFTER_INACTIVITY, validateAfterInactivity);
			InvalidSettingException.check(!timeToLiveJitter.isNegative(), ClientSetting.KEEP_ALIVE_TIME_TO_LIVE_JITTER,
					timeToLiveJitter, "must not be negative");
			InvalidSettingException.checkAgainst(timeToLiveJitter.compareTo(timeToLive) < 0,
					ClientSetting.KEEP_ALIVE_TIME_TO_LIVE_JITTER, timeToLiveJitter, "must be less than", ClientSetting.KEEP_ALIVE_TIME_TO_LIVE,
					timeToLive);
		}

		/**
		 * The jitter used when none is set: a tenth of the time-to-live.
		 * @param timeToLive the time-to-live
		 * @return the jitter
		 */
		public static Duration defaultJitter(Duration timeToLive) {
			return timeToLive.dividedBy(10);
		}

		/**
		 * A copy with another stale-check interval.
		 * @param validateAfterInactivity the interval
		 * @return the copy
		 */
		public KeepAlive withValidateAfterInactivity(Duration validateAfterInactivity) {
			return new KeepAlive(this.enabled, this.idleTimeout, this.timeToLive, validateAfterInactivity,
					this.timeToLiveJitter);
		}

		/**
		 * A copy with another time-to-live and jitter.
		 * @param timeToLive the time-to-live
		 * @param timeToLiveJitter the jitter
		 * @return the copy
		 */
		public KeepAlive withTimeToLive(Duration timeToLive, Duration timeToLiveJitter) {
			return new KeepAlive(this.enabled, this.idleTimeout, timeToLive, this.validateAfterInactivity,
					timeToLiveJitter);
		}

	}

	/**
	 * The adaptive per-route limit: the effective limit of each route moves between
	 * {@code minPerRoute} and the pool's {@code maxPerRoute} from observed latency and
	 * lease waits.
	 *
	 * @param enabled whether the per-route limit adapts
	 * @param minPerRoute the adaptive limit's floor
	 */
	public record Adaptive(boolean enabled, int minPerRoute) {

		/** Adaptive limit off, with a floor of 2. */
		public static final Adaptive DEFAULTS = new Adaptive(false, 2);

		public Adaptive {
			InvalidSettingException.check(minPerRoute >= 1, ClientSetting.POOL_ADAPTIVE_MIN_PER_ROUTE, minPerRoute,
					"must be at least 1");
		}

	}

	/**
	 * Connections opened at start-up, before the application reports ready.
	 *
	 * @param connections connections opened to the base URL's route; 0 for none
	 * @param timeout the longest start-up waits for them
	 */
	public record WarmUp(int connections, Duration timeout) {

		/** No warm-up, 10 s timeout. */
		public static final WarmUp DEFAULTS = new WarmUp(0, Duration.ofSeconds(10));

		public WarmUp {
			InvalidSettingException.check(connections >= 0, ClientSetting.WARM_UP_CONNECTIONS, connections, "must be 0 or more");
			positive(ClientSetting.WARM_UP_TIMEOUT, timeout);
		}

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
			InvalidSettingException.check(port >= 1 && port <= 65535, ClientSetting.PROXY_PORT, port,
					"must be between 1 and 65535");
			nonProxyHosts = List.copyOf(nonProxyHosts);
		}

		@Override
		public String toString() {
			return "Proxy[host=" + this.host + ", port=" + this.port + ", username=" + this.username + ", password="
					+ ((this.password != null) ? "******" : null) + ", nonProxyHosts=" + this.nonProxyHosts + "]";
		}

	}

}
