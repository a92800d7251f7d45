package io.github.keepalive.client.settings;

import java.time.Duration;
import java.util.Map;

import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.jspecify.annotations.Nullable;

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
public record PoolSettings(int maxTotal, int maxPerRoute, Map<String, Integer> maxPerHost, Duration leaseTimeout,
		PoolConcurrencyPolicy concurrencyPolicy, PoolReusePolicy reusePolicy,
		@Nullable Duration leakDetectionThreshold, AdaptiveSettings adaptive) {

	/** Setting: the connections across all routes ({@code pool.maxTotal}). */
	public static final ClientSetting MAX_TOTAL = new ClientSetting("pool.maxTotal");

	/** Setting: the connections to one route ({@code pool.maxPerRoute}). */
	public static final ClientSetting MAX_PER_ROUTE = new ClientSetting("pool.maxPerRoute");

	/** Setting: one entry of the per-host limits, named with its key ({@code pool.maxPerHost}). */
	public static final ClientSetting MAX_PER_HOST = new ClientSetting("pool.maxPerHost");

	/** Setting: the longest wait for a connection ({@code pool.leaseTimeout}). */
	public static final ClientSetting LEASE_TIMEOUT = new ClientSetting("pool.leaseTimeout");

	/** Setting: the leak-detection threshold ({@code pool.leakDetectionThreshold}). */
	public static final ClientSetting LEAK_DETECTION_THRESHOLD = new ClientSetting("pool.leakDetectionThreshold");

	/** The starter's default pool. */
	public static final PoolSettings DEFAULTS = new PoolSettings(200, 50, Map.of(), Duration.ofSeconds(5),
			PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, null, AdaptiveSettings.DEFAULTS);

	public PoolSettings {
		InvalidSettingException.check(maxTotal >= 1, MAX_TOTAL, maxTotal, "must be at least 1");
		InvalidSettingException.check(maxPerRoute >= 1, MAX_PER_ROUTE, maxPerRoute,
				"must be at least 1");
		InvalidSettingException.checkAgainst(maxPerRoute <= maxTotal, MAX_PER_ROUTE, maxPerRoute,
				"must not exceed", MAX_TOTAL, maxTotal);
		maxPerHost = Map.copyOf(maxPerHost);
		maxPerHost.forEach((host, max) -> {
			if (max == null || max < 1) {
				throw new InvalidSettingException(MAX_PER_HOST, host, max, "must be at least 1", null, null);
			}
			if (max > maxTotal) {
				throw new InvalidSettingException(MAX_PER_HOST, host, max, "must not exceed", MAX_TOTAL, maxTotal);
			}
			HostKey.parse(host);
		});
		InvalidSettingException.checkPositive(LEASE_TIMEOUT, leaseTimeout);
		InvalidSettingException.checkPositive(LEAK_DETECTION_THRESHOLD, leakDetectionThreshold);
		InvalidSettingException.checkAgainst(!adaptive.enabled() || adaptive.minPerRoute() <= maxPerRoute,
				AdaptiveSettings.MIN_PER_ROUTE, adaptive.minPerRoute(), "must not exceed",
				MAX_PER_ROUTE, maxPerRoute);
	}

	/**
	 * A copy with other limits.
	 * @param maxTotal connections across all routes
	 * @param maxPerRoute connections to one route
	 * @return the copy
	 */
	public PoolSettings withLimits(int maxTotal, int maxPerRoute) {
		return toBuilder().maxTotal(maxTotal).maxPerRoute(maxPerRoute).build();
	}

	/**
	 * A copy with another lease timeout.
	 * @param leaseTimeout the lease timeout
	 * @return the copy
	 */
	public PoolSettings withLeaseTimeout(Duration leaseTimeout) {
		return toBuilder().leaseTimeout(leaseTimeout).build();
	}

	/**
	 * A copy with other per-host limits.
	 * @param maxPerHost per-route overrides keyed by {@code host} or {@code host:port}
	 * @return the copy
	 */
	public PoolSettings withMaxPerHost(Map<String, Integer> maxPerHost) {
		return toBuilder().maxPerHost(maxPerHost).build();
	}

	/**
	 * A copy with other pool policies.
	 * @param concurrencyPolicy the concurrency policy
	 * @param reusePolicy the reuse policy
	 * @return the copy
	 */
	public PoolSettings withPolicies(PoolConcurrencyPolicy concurrencyPolicy, PoolReusePolicy reusePolicy) {
		return toBuilder().concurrencyPolicy(concurrencyPolicy).reusePolicy(reusePolicy).build();
	}

	/**
	 * A copy with another leak-detection threshold.
	 * @param leakDetectionThreshold the threshold, or {@code null} for none
	 * @return the copy
	 */
	public PoolSettings withLeakDetectionThreshold(@Nullable Duration leakDetectionThreshold) {
		return toBuilder().leakDetectionThreshold(leakDetectionThreshold).build();
	}

	/**
	 * A copy with another adaptive limit.
	 * @param adaptive the adaptive limit
	 * @return the copy
	 */
	public PoolSettings withAdaptive(AdaptiveSettings adaptive) {
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

		private AdaptiveSettings adaptive;

		private Builder(PoolSettings pool) {
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

		public Builder adaptive(AdaptiveSettings adaptive) {
			this.adaptive = adaptive;
			return this;
		}

		/**
		 * The settings.
		 * @return the settings
		 * @throws InvalidSettingException if they break an invariant
		 */
		public PoolSettings build() {
			return new PoolSettings(this.maxTotal, this.maxPerRoute, this.maxPerHost, this.leaseTimeout,
					this.concurrencyPolicy, this.reusePolicy, this.leakDetectionThreshold, this.adaptive);
		}

	}

}
