package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.keepalive.actuate.AdviceDescriptor;
import io.github.keepalive.actuate.KeepAliveEndpoint;
import io.github.keepalive.actuate.KeepAliveHealthIndicator;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.metrics.KeepAliveMeters;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pool-sizing advice from known loads: callers against loopback servers that answer
 * after 20 ms, through pools too small for them, or large enough.
 */
class PoolSizingAdviceTests {

	private static final Duration SERVER_DELAY = Duration.ofMillis(20);

	private static final Pattern PEAK = Pattern.compile("; (\\d+) requests (?:to \\S+ )?were in flight at peak");

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start().responseDelay(SERVER_DELAY);

	@RegisterExtension
	private final LoopbackHttpServer otherServer = LoopbackHttpServer.start().responseDelay(SERVER_DELAY);

	private final MeterRegistry registry = new SimpleMeterRegistry();

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner()
		.withConfiguration(AutoConfigurations.of(KeepAliveMetricsAutoConfiguration.class))
		.withBean(MeterRegistry.class, () -> this.registry)
		.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());

	@Test
	void thirtyTwoCallersThroughFourConnectionsPerRouteAreAdvisedAtLeastTwentyFour() {
		this.contextRunner.withPropertyValues("keepalive.pool.max-per-route=4").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			call(32, 10, (caller) -> restClient.get().uri("/work").retrieve().toBodilessEntity());
			assertThat(this.server.maxOpenConnections()).isEqualTo(4);
			AdviceDescriptor advice = singleAdvice(context, "default");
			assertThat(advice.property()).isEqualTo("keepalive.pool.max-per-route");
			assertThat(advice.current()).isEqualTo(4);
			assertThat(advice.suggested()).isGreaterThanOrEqualTo(24).isLessThanOrEqualTo(200);
			int peak = peak(advice);
			assertThat(peak).isBetween(24, 32);
			assertThat(advice.suggested()).isEqualTo((int) Math.ceil(peak * 1.25));
			assertThat(advice.reason()).startsWith("callers waited p99 ")
				.contains(" requests to " + this.server.baseUrl() + " were in flight at peak, 4 allowed per route",
						"while the pool had room (4 of 200 leased at peak)", "connections were busy on average");
			assertThat(JsonMapper.builder().build().writeValueAsString(advice))
				.matches("\\{\"property\":\"keepalive.pool.max-per-route\",\"current\":4,\"suggested\":\\d+,"
						+ "\"reason\":\"callers waited p99 \\d+ ms for a connection; .*\"}");
			assertSameAdviceEverywhere(context, "default", List.of(advice));
			assertThat(suggestedGauge("default", "pool.max-per-route")).isEqualTo(advice.suggested());
			assertThat(suggestedGauge("default", "pool.max-total")).isEqualTo(200);
		});
	}

	@Test
	void twoCallersThroughTheDefaultsGetNoAdvice() {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			call(2, 20, (caller) -> restClient.get().uri("/work").retrieve().toBodilessEntity());
			KeepAliveHttpClient client = context.getBean(KeepAliveClients.class).get("default");
			assertThat(client.pool().leases().leases()).isEqualTo(40);
			assertThat(client.pool().leases().peakDemand()).isEqualTo(2);
			assertSameAdviceEverywhere(context, "default", List.of());
			assertThat(suggestedGauge("default", "pool.max-per-route")).isEqualTo(50);
			assertThat(suggestedGauge("default", "pool.max-total")).isEqualTo(200);
		});
	}

	@Test
	void bindingMaxTotalOfANamedClientIsAdvisedUnderItsOwnProperty() {
		this.contextRunner
			.withPropertyValues("keepalive.clients.github.pool.max-total=4",
					"keepalive.clients.github.pool.max-per-route=4")
			.run((context) -> {
				// four callers per route: no route asks for more than max-per-route, both together do
				RestClient github = context.getBean("githubRestClient", RestClient.class);
				call(8, 10, (caller) -> github.get()
					.uri(((caller % 2 == 0) ? this.server : this.otherServer).url("/work"))
					.retrieve()
					.toBodilessEntity());
				assertThat(context.getBean(KeepAliveClients.class).get("github").pool().leases().peakLeased()).isEqualTo(4);
				AdviceDescriptor advice = singleAdvice(context, "github");
				assertThat(advice.property()).isEqualTo("keepalive.clients.github.pool.max-total");
				assertThat(advice.current()).isEqualTo(4);
				assertThat(peak(advice)).isBetween(5, 8);
				assertThat(advice.suggested()).isEqualTo((int) Math.ceil(peak(advice) * 1.25));
				assertThat(advice.reason())
					.contains(" requests were in flight at peak across all routes, 4 allowed in total");
				assertSameAdviceEverywhere(context, "github", List.of(advice));
				assertThat(singleAdvice(context, "default")).isNull();
				// the gauge's property tag is relative to the client, so it sums across clients
				assertThat(suggestedGauge("github", "pool.max-total")).isEqualTo(advice.suggested());
				assertThat(this.registry.find(KeepAliveMeters.POOL_ADVICE_SUGGESTED)
					.tag("property", "pool.max-total")
					.gauges()).hasSize(2);
			});
	}

	@Test
	void routeStarvedByItsMaxPerHostWhileMaxTotalIsIdleIsAdvised() {
		String key = "127.0.0.1:" + this.server.getPort();
		KeepAliveTestSupport.withProperties(this.contextRunner, "keepalive.pool.max-per-host.[" + key + "]=2")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				call(8, 10, (caller) -> restClient.get().uri("/work").retrieve().toBodilessEntity());
				assertThat(this.server.maxOpenConnections()).isEqualTo(2);
				AdviceDescriptor advice = singleAdvice(context, "default");
				assertThat(advice.property()).isEqualTo("keepalive.pool.max-per-host.[" + key + "]");
				assertThat(advice.current()).isEqualTo(2);
				assertThat(peak(advice)).isBetween(6, 8);
				assertThat(advice.reason()).contains("2 allowed per route, while the pool had room (2 of 200 leased");
			});
	}

	private static void call(int callers, int callsEach, ConcurrentCallers.Caller call) {
		ConcurrentCallers.run(callers, Duration.ofSeconds(60), (caller) -> {
			for (int i = 0; i < callsEach; i++) {
				call.call(caller);
			}
		}).assertAllSucceeded();
	}

	private static AdviceDescriptor singleAdvice(AssertableApplicationContext context, String clientName) {
		List<AdviceDescriptor> advice = AdviceDescriptor.of(context.getBean(KeepAliveClients.class).get(clientName));
		assertThat(advice).hasSizeLessThanOrEqualTo(1);
		return advice.isEmpty() ? null : advice.get(0);
	}

	private static int peak(AdviceDescriptor advice) {
		Matcher peak = PEAK.matcher(advice.reason());
		assertThat(peak.find()).as(advice.reason()).isTrue();
		return Integer.parseInt(peak.group(1));
	}

	@SuppressWarnings("unchecked")
	private static void assertSameAdviceEverywhere(AssertableApplicationContext context, String clientName,
			List<AdviceDescriptor> advice) {
		KeepAliveClients clients = context.getBean(KeepAliveClients.class);
		assertThat(withoutMean(AdviceDescriptor.of(clients.get(clientName)))).isEqualTo(withoutMean(advice));
		KeepAliveEndpoint endpoint = new KeepAliveEndpoint(clients);
		assertThat(withoutMean(endpoint.client(clientName).advice())).isEqualTo(withoutMean(advice));
		assertThat(withoutMean(endpoint.clients().clients().get(clientName).advice())).isEqualTo(withoutMean(advice));
		Health health = new KeepAliveHealthIndicator(clients, Duration.ofSeconds(30), Status.UP).health(true);
		Map<String, Object> details = (Map<String, Object>) ((Map<String, Object>) health.getDetails().get("clients"))
			.get(clientName);
		assertThat(withoutMean((List<AdviceDescriptor>) details.get("advice"))).isEqualTo(withoutMean(advice));
	}

	// the mean by Little's law moves as the window grows after the load: compare the rest
	private static List<AdviceDescriptor> withoutMean(List<AdviceDescriptor> advice) {
		return advice.stream()
			.map((entry) -> new AdviceDescriptor(entry.property(), entry.current(), entry.suggested(),
					entry.reason().replaceAll("; [\\d.]+ connections were busy on average .*", "")))
			.toList();
	}

	private double suggestedGauge(String clientName, String property) {
		return this.registry.get(KeepAliveMeters.POOL_ADVICE_SUGGESTED)
			.tag("client", clientName)
			.tag("property", property)
			.gauge()
			.value();
	}

}
