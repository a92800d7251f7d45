package io.github.keepalive.autoconfigure.diagnostics;

import io.github.keepalive.autoconfigure.InvalidKeepAlivePropertyException;
import io.github.keepalive.autoconfigure.KeepAliveHealthContributorAutoConfiguration;
import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link InvalidKeepAlivePropertyFailureAnalyzer}.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidKeepAlivePropertyFailureAnalyzerTests {

	@Test
	void analysisNamesPropertyValueReasonAndAction() {
		KeepAliveTestSupport.contextRunner()
			.withPropertyValues("keepalive.pool.max-total=200", "keepalive.pool.max-per-route=500")
			.run((context) -> {
				FailureAnalysis analysis = new InvalidKeepAlivePropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("Property: keepalive.pool.max-per-route")
					.contains("Value: 500")
					.contains("Reason: must not exceed keepalive.pool.max-total (200)");
				assertThat(analysis.getAction())
					.isEqualTo("Lower keepalive.pool.max-per-route or raise keepalive.pool.max-total.");
				assertThat(analysis.getCause()).isInstanceOf(InvalidKeepAlivePropertyException.class);
			});
	}

	@Test
	void analysisSuggestsTheKnownValueClosestToAMisspelledOne() {
		KeepAliveTestSupport.contextRunner()
			.withConfiguration(AutoConfigurations.of(KeepAliveHealthContributorAutoConfiguration.class))
			.withPropertyValues("keepalive.health.saturated-status=BUZY",
					"management.endpoint.health.status.order=BUSY,UP")
			.run((context) -> {
				FailureAnalysis analysis = new InvalidKeepAlivePropertyFailureAnalyzer()
					.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getAction()).startsWith("Did you mean BUSY? ")
					.contains("UP, DOWN, OUT_OF_SERVICE, UNKNOWN, BUSY");
			});
	}

	@Test
	void unknownValueFarFromAnyKnownOneGetsNoSuggestion() {
		KeepAliveTestSupport.contextRunner()
			.withConfiguration(AutoConfigurations.of(KeepAliveHealthContributorAutoConfiguration.class))
			.withPropertyValues("keepalive.health.saturated-status=PANIC")
			.run((context) -> assertThat(
					new InvalidKeepAlivePropertyFailureAnalyzer().analyze(context.getStartupFailure()).getAction())
				.startsWith("Set keepalive.health.saturated-status to one of"));
	}

	@Test
	void otherFailuresAreNotAnalyzed() {
		assertThat(new InvalidKeepAlivePropertyFailureAnalyzer()
			.analyze(new BeanCreationException("keepAliveClients", "Failed", new IllegalStateException("other"))))
			.isNull();
	}

	@Test
	void reportedWhenTheApplicationFailsToStart(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run("--keepalive.pool.max-total=10", "--keepalive.pool.max-per-route=20"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.pool.max-per-route")
			.contains("Value: 20")
			.contains("Reason: must not exceed keepalive.pool.max-total (10)")
			.contains("Lower keepalive.pool.max-per-route or raise keepalive.pool.max-total.");
	}

	@Test
	void misspelledSaturatedStatusIsReportedWhenTheApplicationFailsToStart(CapturedOutput output) {
		assertThatException().isThrownBy(() -> KeepAliveTestSupport.runApplication(HealthApplication.class,
				"--keepalive.health.saturated-status=OUT_OF_SERVCE"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.health.saturated-status")
			.contains("Value: OUT_OF_SERVCE")
			.contains("Reason: not a known health status (UP, DOWN, OUT_OF_SERVICE, UNKNOWN)")
			.contains("Did you mean OUT_OF_SERVICE?");
	}

	@Test
	void reportedForAnUnknownSslBundle(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--keepalive.clients.github.ssl.bundle=missing"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.clients.github.ssl.bundle")
			.contains("there is no SSL bundle named 'missing'")
			.contains("spring.ssl.bundle.jks.missing");
	}

	@Test
	void credentialsInAnInvalidBaseUrlAreMasked(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run("--keepalive.base-url=ftp://user:s3cret@example.com/api"));
		assertThat(output).contains("Property: keepalive.base-url")
			.contains("Value: ftp://******@example.com/api")
			.doesNotContain("s3cret");
	}

	private static void run(String... args) {
		KeepAliveTestSupport.runApplication(KeepAliveTestSupport.AutoConfiguredApplication.class, args);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(KeepAliveHealthContributorAutoConfiguration.class)
	static class HealthApplication extends KeepAliveTestSupport.AutoConfiguredApplication {

	}

}
