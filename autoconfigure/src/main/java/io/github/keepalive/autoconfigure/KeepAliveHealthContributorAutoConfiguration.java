package io.github.keepalive.autoconfigure;

import io.github.keepalive.actuate.KeepAliveHealthIndicator;
import io.github.keepalive.client.KeepAliveClients;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
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

	@Bean
	@ConditionalOnMissingBean(name = "keepaliveHealthIndicator")
	KeepAliveHealthIndicator keepaliveHealthIndicator(KeepAliveClients clients, KeepAliveProperties properties,
			Environment environment) {
		KeepAliveProperties.Health health = properties.getHealth();
		return new KeepAliveHealthIndicator(clients, health.getSaturationPeriod(),
				SaturatedStatus.map(health.getSaturatedStatus(), environment));
	}

}
