package io.github.keepalive.autoconfigure;

import io.github.keepalive.actuate.KeepAliveHealthIndicator;
import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link SaturatedStatus}: {@code keepalive.health.saturated-status} must be a
 * health status Spring Boot knows, checked where the health contributor maps it.
 */
class SaturatedStatusTests {

	private final ApplicationContextRunner runner = KeepAliveTestSupport.contextRunner()
		.withConfiguration(AutoConfigurations.of(KeepAliveHealthContributorAutoConfiguration.class));

	@Test
	void misspelledStatusFailsNamingThePropertyAndTheKnownStatuses() {
		assertThatExceptionOfType(InvalidKeepAlivePropertyException.class)
			.isThrownBy(() -> SaturatedStatus.map("OUT_OF_SERVCE", new MockEnvironment()))
			.satisfies((failure) -> {
				assertThat(failure.getProperty()).isEqualTo("keepalive.health.saturated-status");
				assertThat(failure.getValue()).isEqualTo("OUT_OF_SERVCE");
				assertThat(failure.getReason())
					.isEqualTo("not a known health status (UP, DOWN, OUT_OF_SERVICE, UNKNOWN)");
				assertThat(failure.getAction()).startsWith("Set keepalive.health.saturated-status to one of")
					.contains("management.endpoint.health.status.order");
				assertThat(failure.getKnownValues()).containsExactly("UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN");
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN", "out-of-service", "down" })
	void builtInStatusIsMapped(String status) {
		assertThat(SaturatedStatus.map(status, new MockEnvironment())).isEqualTo(new Status(status));
	}

	@Test
	void customStatusListedInTheStatusOrderIsMapped() {
		MockEnvironment environment = new MockEnvironment().withProperty("management.endpoint.health.status.order",
				"DOWN,OUT_OF_SERVICE,BUSY,UP,UNKNOWN");
		assertThat(SaturatedStatus.map("BUSY", environment)).isEqualTo(new Status("BUSY"));
	}

	@Test
	void customStatusesAreKnownValuesToo() {
		MockEnvironment environment = new MockEnvironment().withProperty("management.endpoint.health.status.order",
				"BUSY,UP");
		assertThatExceptionOfType(InvalidKeepAlivePropertyException.class)
			.isThrownBy(() -> SaturatedStatus.map("BUZY", environment))
			.satisfies((failure) -> assertThat(failure.getKnownValues()).containsExactly("UP", "DOWN",
					"OUT_OF_SERVICE", "UNKNOWN", "BUSY"));
	}

	@Test
	void unknownStatusStopsStartUpOfTheHealthContributor() {
		this.runner.withPropertyValues("keepalive.health.saturated-status=BUSY").run((context) -> {
			InvalidKeepAlivePropertyException failure = invalidProperty(context);
			assertThat(failure.getProperty()).isEqualTo("keepalive.health.saturated-status");
			assertThat(failure.getValue()).isEqualTo("BUSY");
		});
	}

	@Test
	void customStatusInTheStatusOrderStarts() {
		this.runner
			.withPropertyValues("keepalive.health.saturated-status=BUSY",
					"management.endpoint.health.status.order=DOWN,OUT_OF_SERVICE,BUSY,UP,UNKNOWN")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(KeepAliveHealthIndicator.class));
	}

	private static InvalidKeepAlivePropertyException invalidProperty(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		InvalidKeepAlivePropertyException failure = KeepAliveTestSupport.findCause(context.getStartupFailure(),
				InvalidKeepAlivePropertyException.class);
		assertThat(failure).as("InvalidKeepAlivePropertyException in %s", context.getStartupFailure()).isNotNull();
		return failure;
	}

}
