package io.github.keepalive.autoconfigure;

import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Tests for {@link InvalidKeepAlivePropertyFailureAnalyzer}.
 */
@ExtendWith(OutputCaptureExtension.class)
class InvalidKeepAlivePropertyFailureAnalyzerTests {

	@Test
	void analysisNamesPropertyValueReasonAndAction() {
		InvalidKeepAlivePropertyException invalid = new InvalidKeepAlivePropertyException(
				"keepalive.pool.max-per-route", 500, "must not exceed keepalive.pool.max-total (200)",
				"Lower keepalive.pool.max-per-route or raise keepalive.pool.max-total.");
		FailureAnalysis analysis = new InvalidKeepAlivePropertyFailureAnalyzer()
			.analyze(new BeanCreationException("keepAliveClients", "Failed", invalid));
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).contains("Property: keepalive.pool.max-per-route")
			.contains("Value: 500")
			.contains("Reason: must not exceed keepalive.pool.max-total (200)");
		assertThat(analysis.getAction())
			.isEqualTo("Lower keepalive.pool.max-per-route or raise keepalive.pool.max-total.");
		assertThat(analysis.getCause()).isSameAs(invalid);
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

}
