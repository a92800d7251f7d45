package io.github.keepalive.autoconfigure;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.metrics.KeepAliveClientMetrics;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Auto-configuration of the meters of every keep-alive client, when Micrometer is
 * present.
 */
@AutoConfiguration(after = { KeepAliveAutoConfiguration.class, MetricsAutoConfiguration.class,
		SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class })
@ConditionalOnClass({ MeterRegistry.class, MetricsAutoConfiguration.class })
@ConditionalOnBean({ KeepAliveClients.class, MeterRegistry.class })
public final class KeepAliveMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KeepAliveClientMetrics keepAliveClientMetrics(MeterRegistry meterRegistry,
			KeepAliveProperties properties) {
		KeepAliveProperties.Metrics.PerRoute perRoute = properties.getMetrics().getPerRoute();
		return new KeepAliveClientMetrics(meterRegistry, perRoute.isEnabled(), perRoute.getMaxRoutes());
	}

}
