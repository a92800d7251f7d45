package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keep-alive client properties: the default client's settings stand directly under
 * {@code keepalive.}, each named client's under {@code keepalive.clients.<name>.}.
 */
@ConfigurationProperties("keepalive")
public class KeepAliveProperties extends KeepAliveClientProperties {

	/**
	 * Whether to enable the keep-alive auto-configuration.
	 */
	private boolean enabled = true;

	/**
	 * Named clients, each with its own pool and RestClient bean; unset values fall back to
	 * the default client's.
	 */
	private Map<String, KeepAliveClientProperties> clients = new LinkedHashMap<>();

	private final Health health = new Health();

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

	/**
	 * Settings of the "keepalive" health contributor.
	 */
	public static class Health {

		/**
		 * How long callers must keep waiting for a pooled connection before the pool is
		 * reported as saturated.
		 */
		private Duration saturationPeriod = Duration.ofSeconds(30);

		/**
		 * Health status while a pool is saturated, e.g. UP or OUT_OF_SERVICE.
		 */
		private String saturatedStatus = "UP";

		public Duration getSaturationPeriod() {
			return this.saturationPeriod;
		}

		public void setSaturationPeriod(Duration saturationPeriod) {
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
