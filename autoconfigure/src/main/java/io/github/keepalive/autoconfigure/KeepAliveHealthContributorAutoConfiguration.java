package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import io.github.keepalive.actuate.KeepAliveHealthIndicator;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.settings.PoolSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the {@code keepalive} health contributor.
 */
@AutoConfiguration(after = KeepAliveAutoConfiguration.class)
@ConditionalOnClass({ HealthIndicator.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean(KeepAliveClients.class)
@ConditionalOnEnabledHealthIndicator("keepalive")
public final class KeepAliveHealthContributorAutoConfiguration {

	private static final Log logger = LogFactory.getLog(KeepAliveHealthContributorAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(name = "keepaliveHealthIndicator")
	KeepAliveHealthIndicator keepaliveHealthIndicator(KeepAliveClients clients, KeepAliveProperties properties,
			Environment environment) {
		KeepAliveProperties.Health health = properties.getHealth();
		warnIfNeverSaturated(clients, health.getSaturationPeriod());
		return new KeepAliveHealthIndicator(clients, health.getSaturationPeriod(),
				SaturatedStatus.map(health.getSaturatedStatus(), environment));
	}

	// a caller gives up at its lease timeout, so a longer period never marks its pool saturated
	private static void warnIfNeverSaturated(KeepAliveClients clients, Duration saturationPeriod) {
		for (KeepAliveHttpClient client : clients.getAll()) {
			Duration leaseTimeout = client.getSettings().pool().leaseTimeout();
			if (saturationPeriod.compareTo(leaseTimeout) >= 0) {
				logger.warn("Keep-alive client '" + client.getName() + "' is never reported as saturated: "
						+ "keepalive.health.saturation-period (" + print(saturationPeriod) + ") is not below "
						+ client.settingName(PoolSettings.LEASE_TIMEOUT, null) + " (" + print(leaseTimeout)
						+ "), when a waiting caller gives up");
			}
		}
	}

	private static String print(Duration duration) {
		return DurationStyle.SIMPLE.print(duration,
				(duration.toMillis() % 1000 == 0) ? ChronoUnit.SECONDS : ChronoUnit.MILLIS);
	}

}
