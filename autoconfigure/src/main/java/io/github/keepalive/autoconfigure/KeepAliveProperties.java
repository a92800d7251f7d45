package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keep-alive client properties: the default client's settings stand directly under
 * {@code keepalive.}, each named client's under {@code keepalive.clients.<name>.}. A
 * name under {@code keepalive.} that binds to none of them stops start-up, unless it comes
 * from the OS environment or the JVM's system properties (Spring Boot's rule for unbound
 * properties: {@code KEEPALIVE_*} variables of other tools are common in containers).
 */
@ConfigurationProperties(prefix = "keepalive", ignoreUnknownFields = false)
public class KeepAliveProperties extends KeepAliveClientProperties {

	/**
	 * Whether to enable the keep-alive auto-configuration.
	 */
	private boolean enabled = true;

	/**
	 * Named clients, each with its own pool and RestClient bean; unset values fall back to
	 * the default client's. None by default: only the default client exists.
	 */
	private Map<String, KeepAliveClientProperties> clients = new LinkedHashMap<>();

	private final Health health = new Health();

	private final Metrics metrics = new Metrics();

	private final Shutdown shutdown = new Shutdown();

	private final Advice advice = new Advice();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, KeepAliveClientProperties> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, KeepAliveClientProperties> clients) {
		this.clients = clients;
	}

	public Health getHealth() {
		return this.health;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Shutdown getShutdown() {
		return this.shutdown;
	}

	public Advice getAdvice() {
		return this.advice;
	}

	/**
	 * What happens to the pools when the application shuts down.
	 */
	public static class Shutdown {

		/**
		 * On shutdown, leased connections get this long to be released before the pools
		 * close; no new lease is granted meanwhile.
		 */
		private Duration drainTimeout = Duration.ofSeconds(10);

		public Duration getDrainTimeout() {
			return this.drainTimeout;
		}

		public void setDrainTimeout(Duration drainTimeout) {
			if (drainTimeout.isNegative()) {
				throw new InvalidKeepAlivePropertyException("keepalive.shutdown.drain-timeout", drainTimeout,
						"must not be negative", "Set keepalive.shutdown.drain-timeout to 0 to close the pools "
								+ "without waiting for leased connections, or to how long they may take");
			}
			this.drainTimeout = drainTimeout;
		}

	}

	/**
	 * Pool-sizing advice in the keepalive endpoint and health details.
	 */
	public static class Advice {

		/**
		 * The sliding window over which lease statistics and pool-sizing advice are
		 * computed.
		 */
		private Duration window = Duration.ofMinutes(15);

		public Duration getWindow() {
			return this.window;
		}

		public void setWindow(Duration window) {
			if (window.isZero() || window.isNegative()) {
				throw new InvalidKeepAlivePropertyException("keepalive.advice.window", window, "must be positive",
						"Set keepalive.advice.window to how far back the pool-sizing advice looks, e.g. 15m");
			}
			this.window = window;
		}

	}

	/**
	 * Settings of the keep-alive meters.
	 */
	public static class Metrics {

		private final PerRoute perRoute = new PerRoute();

		public PerRoute getPerRoute() {
			return this.perRoute;
		}

		/**
		 * Pool gauges per route, tagged with the route.
		 */
		public static class PerRoute {

			/**
			 * Whether to register pool gauges per route (keepalive.pool.route.*) besides the
			 * totals.
			 */
			private boolean enabled;

			/**
			 * Routes per client that get their own gauges; further routes are left out, so
			 * that the number of meters stays bounded.
			 */
			private int maxRoutes = 20;

			public boolean isEnabled() {
				return this.enabled;
			}

			public void setEnabled(boolean enabled) {
				this.enabled = enabled;
			}

			public int getMaxRoutes() {
				return this.maxRoutes;
			}

			public void setMaxRoutes(int maxRoutes) {
				if (maxRoutes < 1) {
					throw new InvalidKeepAlivePropertyException("keepalive.metrics.per-route.max-routes", maxRoutes,
							"must be at least 1", "To have no per-route gauges, set "
									+ "keepalive.metrics.per-route.enabled to false");
				}
				this.maxRoutes = maxRoutes;
			}

		}

	}

	/**
	 * Settings of the "keepalive" health contributor.
	 */
	public static class Health {

		/**
		 * How long callers must keep waiting for a pooled connection before the pool is
		 * reported as saturated. Keep it below pool.lease-timeout (5s by default): a caller
		 * gives up at its lease timeout, so a longer period is never reached.
		 */
		private Duration saturationPeriod = Duration.ofSeconds(1);

		/**
		 * Health status while a pool is saturated, e.g. UP or OUT_OF_SERVICE.
		 */
		private String saturatedStatus = "UP";

		public Duration getSaturationPeriod() {
			return this.saturationPeriod;
		}

		public void setSaturationPeriod(Duration saturationPeriod) {
			if (saturationPeriod.isZero() || saturationPeriod.isNegative()) {
				throw new InvalidKeepAlivePropertyException("keepalive.health.saturation-period", saturationPeriod,
						"must be positive", "Set keepalive.health.saturation-period to how long a caller must wait "
								+ "for a connection before its pool counts as saturated, e.g. 1s");
			}
			this.saturationPeriod = saturationPeriod;
		}

		public String getSaturatedStatus() {
			return this.saturatedStatus;
		}

		public void setSaturatedStatus(String saturatedStatus) {
			this.saturatedStatus = saturatedStatus;
		}

	}

}
