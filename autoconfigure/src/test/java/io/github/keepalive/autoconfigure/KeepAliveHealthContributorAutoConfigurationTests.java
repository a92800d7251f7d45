package io.github.keepalive.autoconfigure;

import java.time.Duration;

import io.github.keepalive.actuate.KeepAliveHealthIndicator;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeepAliveHealthContributorAutoConfiguration}: the contributor, its
 * back-off, and the warning for a saturation period that no waiting caller can reach.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeepAliveHealthContributorAutoConfigurationTests {

	private final ApplicationContextRunner runner = KeepAliveTestSupport.contextRunner()
		.withConfiguration(AutoConfigurations.of(KeepAliveHealthContributorAutoConfiguration.class));

	@Test
	void defaultSaturationPeriodIsBelowTheDefaultLeaseTimeout(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(KeepAliveHealthIndicator.class);
			KeepAliveProperties.Health health = context.getBean(KeepAliveProperties.class).getHealth();
			assertThat(health.getSaturationPeriod()).isEqualTo(Duration.ofSeconds(1))
				.isLessThan(context.getBean(KeepAliveClients.class)
					.get("default")
					.getSettings()
					.pool()
					.leaseTimeout());
		});
		assertThat(output).doesNotContain("never reported as saturated");
	}

	@Test
	void saturationPeriodNotBelowAClientsLeaseTimeoutIsNamedWithBothProperties(CapturedOutput output) {
		this.runner
			.withPropertyValues("keepalive.health.saturation-period=5s", "keepalive.clients.slow.base-url=http://slow",
					"keepalive.clients.slow.pool.lease-timeout=10s")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(KeepAliveHealthIndicator.class));
		assertThat(output).contains("Keep-alive client 'default' is never reported as saturated: "
				+ "keepalive.health.saturation-period (5s) is not below keepalive.pool.lease-timeout (5s)")
			.doesNotContain("client 'slow' is never reported");
	}

	@Test
	void backsOffWhenTheContributorIsDisabled() {
		this.runner.withPropertyValues("management.health.keepalive.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(KeepAliveHealthIndicator.class));
	}

}
