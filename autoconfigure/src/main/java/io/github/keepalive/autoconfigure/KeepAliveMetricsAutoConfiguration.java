package io.github.keepalive.autoconfigure;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.metrics.KeepAliveMeters;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.hc.client5.http.observation.binder.ConnPoolMeters;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the {@link KeepAliveMeters} of every keep-alive client, when
 * Micrometer and httpclient5-observation are present.
 */
@AutoConfiguration(after = { KeepAliveAutoConfiguration.class, MetricsAutoConfiguration.class,
		SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, ConnPoolMeters.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ KeepAliveClients.class, MeterRegistry.class })
public final class KeepAliveMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KeepAliveMeters keepAliveMeters(MeterRegistry meterRegistry, KeepAliveProperties properties) {
		KeepAliveProperties.Metrics.PerRoute perRoute = properties.getMetrics().getPerRoute();
		if (!perRoute.isEnabled()) {
			return new KeepAliveMeters(meterRegistry);
		}
		if (perRoute.getMaxRoutes() < 1) {
			throw new InvalidKeepAlivePropertyException("keepalive.metrics.per-route.max-routes",
					perRoute.getMaxRoutes(), "must be at least 1",
					"Set keepalive.metrics.per-route.max-routes to 1 or more, or keepalive.metrics.per-route.enabled"
							+ " to false.");
		}
		return new KeepAliveMeters(meterRegistry, perRoute.getMaxRoutes());
	}

}
