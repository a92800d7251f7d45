package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.keepalive.actuate.KeepAliveEndpoint;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.pool.LeakedLease;
import io.github.keepalive.metrics.KeepAliveMeters;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.web.client.RestClient;

import static io.github.keepalive.test.KeepAliveTestSupport.assertNoLeases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Lease-leak detection ({@code pool.leak-detection-threshold}) against a loopback server:
 * a caller that keeps a response open, and an interceptor that throws after executing the
 * request (spring-framework #29751). Each leak is logged once at WARN with the stack of
 * the code that leased the connection, counted, listed by the endpoint, and its later
 * release logged at INFO.
 */
@ExtendWith(OutputCaptureExtension.class)
class LeaseLeakDetectionTests {

	private static final Duration THRESHOLD = Duration.ofMillis(300);

	private static final Pattern WARNING = Pattern
		.compile("Keep-alive client 'default': a connection to (\\S+) has been held for (\\d+) ms by thread '([^']+)'");

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner()
		.withConfiguration(AutoConfigurations.of(KeepAliveMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, () -> this.registry)
		.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());

	private final ApplicationContextRunner leakDetecting = this.contextRunner
		.withPropertyValues("keepalive.pool.leak-detection-threshold=" + THRESHOLD.toMillis() + "ms");

	@Test
	void responseKeptOpenIsReportedOnceWithTheCallersStack(CapturedOutput output) {
		this.leakDetecting.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			ClientHttpResponse open = restClient.get()
				.uri("/kept-open")
				.exchange((request, response) -> response, false);
			assertLeakReported(context, output, "responseKeptOpenIsReportedOnceWithTheCallersStack");
			open.close();
			assertReleaseReported(context, output);
		});
	}

	@Test
	void interceptorThrowingAfterExecuteIsReportedWithTheInterceptorsStack(CapturedOutput output) {
		AtomicReference<ClientHttpResponse> leaked = new AtomicReference<>();
		this.leakDetecting.run((context) -> {
			RestClient restClient = context.getBean(RestClient.Builder.class)
				.baseUrl(this.server.baseUrl())
				.requestInterceptor((request, body, execution) -> {
					leaked.set(execution.execute(request, body));
					throw new IllegalStateException("interceptor bug");
				})
				.build();
			assertThatIllegalStateException()
				.isThrownBy(() -> restClient.get().uri("/intercepted").retrieve().toBodilessEntity())
				.withMessage("interceptor bug");
			assertLeakReported(context, output, "interceptorThrowingAfterExecuteIsReportedWithTheInterceptorsStack");
			leaked.get().close();
			assertReleaseReported(context, output);
		});
	}

	@Test
	void leasesReleasedInTimeAreNotReported(CapturedOutput output) {
		this.leakDetecting.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < 20; i++) {
				restClient.get().uri("/ping").retrieve().toBodilessEntity();
			}
			// several checks run meanwhile
			Thread.sleep(THRESHOLD.multipliedBy(2).toMillis());
			assertThat(output.getAll()).doesNotContain("probable leak");
			assertThat(leaks()).isZero();
			assertThat(endpoint(context).client("default").leaks()).isEmpty();
		});
	}

	@Test
	void leakDetectionIsOffByDefault(CapturedOutput output) {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			ClientHttpResponse open = restClient.get()
				.uri("/kept-open")
				.exchange((request, response) -> response, false);
			Thread.sleep(THRESHOLD.multipliedBy(2).toMillis());
			assertThat(output.getAll()).doesNotContain("probable leak");
			assertThat(endpoint(context).client("default").leaks()).isEmpty();
			assertThat(leaks()).isZero();
			open.close();
			assertNoLeases(context);
		});
	}

	private void assertLeakReported(AssertableApplicationContext context, CapturedOutput output, String testMethod)
			throws InterruptedException {
		String thread = Thread.currentThread().getName();
		await().atMost(Duration.ofSeconds(5)).until(() -> WARNING.matcher(output.getAll()).find());
		String log = output.getAll();
		Matcher warning = WARNING.matcher(log);
		assertThat(warning.find()).isTrue();
		assertThat(warning.group(1)).isEqualTo(this.server.baseUrl());
		assertThat(Long.parseLong(warning.group(2))).isGreaterThanOrEqualTo(THRESHOLD.toMillis());
		assertThat(warning.group(3)).isEqualTo(thread);
		assertThat(log).contains(" WARN ", "longer than keepalive.pool.leak-detection-threshold (300 ms); probable leak");
		// the trace starts at the caller's own code: the pool, HttpClient and Spring frames above it are cut
		String trace = log.substring(warning.start());
		assertThat(trace).containsPattern("Connection leased here by thread '" + Pattern.quote(thread)
				+ "' \\(\\d+ frames of the pool, HttpClient and Spring above the caller omitted\\)\\R\\s+at "
				+ Pattern.quote(getClass().getName()) + "\\.lambda\\$" + testMethod);
		assertThat(trace).contains("at " + getClass().getName() + "." + testMethod + "(");
		assertThat(leaks()).isEqualTo(1);
		List<LeakedLease> listed = endpoint(context).client("default").leaks();
		assertThat(listed).singleElement().satisfies((lease) -> {
			assertThat(lease.route()).isEqualTo(this.server.baseUrl());
			assertThat(lease.thread()).isEqualTo(thread);
			assertThat(lease.age()).isGreaterThanOrEqualTo(THRESHOLD);
		});
		assertThat(endpoint(context).clients().clients().get("default").leaks()).hasSize(1);
		// reported once, however many checks run while it is held
		Thread.sleep(THRESHOLD.multipliedBy(2).toMillis());
		assertThat(WARNING.matcher(output.getAll()).results().count()).isEqualTo(1);
		assertThat(leaks()).isEqualTo(1);
	}

	private void assertReleaseReported(AssertableApplicationContext context, CapturedOutput output) {
		assertThat(output.getAll())
			.containsPattern(" INFO .*Keep-alive client 'default': the connection to "
					+ Pattern.quote(this.server.baseUrl())
					+ " reported as a probable leak was released after \\d+ ms \\(leased by thread '"
					+ Pattern.quote(Thread.currentThread().getName()) + "'\\)");
		assertThat(Pattern.compile("reported as a probable leak was released").matcher(output.getAll()).results())
			.hasSize(1);
		assertThat(endpoint(context).client("default").leaks()).isEmpty();
		assertNoLeases(context);
	}

	private double leaks() {
		return this.registry.get(KeepAliveMeters.POOL_LEAKS).tag("client", "default").counter().count();
	}

	private static KeepAliveEndpoint endpoint(AssertableApplicationContext context) {
		return new KeepAliveEndpoint(context.getBean(KeepAliveClients.class));
	}

}
