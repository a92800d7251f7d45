package io.github.keepalive.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.autoconfigure.KeepAliveAutoConfiguration;
import io.github.keepalive.autoconfigure.KeepAliveMetricsAutoConfiguration;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.test.LoopbackHttpServer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link KeepAliveMeters}: each meter checked against what a loopback server
 * saw.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeepAliveMetersTests {

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private ApplicationContextRunner runner(MeterRegistry registry) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class,
					KeepAliveMetricsAutoConfiguration.class, HttpClientAutoConfiguration.class,
					ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class))
			.withBean(MeterRegistry.class, () -> registry)
			.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());
	}

	@Test
	void reuseMetersMatchWhatTheServerCounted() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		List<DistributionSummary> requestsPerConnection = new ArrayList<>();
		List<Counter> closedForShutdown = new ArrayList<>();
		runner(registry).run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			for (int i = 0; i < 1000; i++) {
				client.get().uri("/ping").retrieve().toBodilessEntity();
			}
			assertThat(this.server.requests()).isEqualTo(1000);
			assertThat(this.server.acceptedConnections()).isEqualTo(1);
			assertThat(counter(registry, KeepAliveMeters.REQUESTS)).isEqualTo(1000);
			assertThat(counter(registry, KeepAliveMeters.CONNECTIONS_OPENED)).isEqualTo(1);
			assertThat(registry.get(KeepAliveMeters.POOL_LEASE_WAIT).tag("outcome", "acquired").timer().count())
				.isEqualTo(1000);
			assertThat(registry.get(KeepAliveMeters.POOL_MAX).tag("client", "default").gauge().value())
				.isEqualTo(200);
			requestsPerConnection.add(registry.get(KeepAliveMeters.CONNECTION_REQUESTS).summary());
			closedForShutdown.add(registry.get(KeepAliveMeters.CONNECTIONS_CLOSED)
				.tags("client", "default", "reason", "shutdown")
				.counter());
		});
		this.server.awaitConnectionsClosedByClient(1, Duration.ofSeconds(5));
		// counted as the client closed, then removed with its other meters
		assertThat(requestsPerConnection.get(0).count()).isEqualTo(1);
		assertThat(requestsPerConnection.get(0).totalAmount()).isEqualTo(1000);
		assertThat(closedForShutdown.get(0).count()).isEqualTo(1);
		assertThat(registry.find(KeepAliveMeters.CONNECTION_REQUESTS).meters()).isEmpty();
	}

	@Test
	void poolGaugesShowLeasedAndPendingUnderLoadAndReturnToZero() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.server.holdResponses();
		runner(registry).withPropertyValues("keepalive.pool.max-per-route=1").run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			ExecutorService callers = Executors.newFixedThreadPool(4);
			try {
				List<Future<?>> calls = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					calls.add(callers.submit(() -> client.get().uri("/slow").retrieve().toBodilessEntity()));
				}
				await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
					assertThat(gauge(registry, KeepAliveMeters.POOL_LEASED)).isEqualTo(1);
					assertThat(gauge(registry, KeepAliveMeters.POOL_PENDING)).isEqualTo(3);
				});
				assertThat(this.server.openConnections()).isEqualTo(1);
				this.server.releaseResponses();
				for (Future<?> call : calls) {
					call.get(10, TimeUnit.SECONDS);
				}
			}
			finally {
				callers.shutdownNow();
			}
			assertThat(gauge(registry, KeepAliveMeters.POOL_LEASED)).isZero();
			assertThat(gauge(registry, KeepAliveMeters.POOL_PENDING)).isZero();
			assertThat(gauge(registry, KeepAliveMeters.POOL_AVAILABLE)).isEqualTo(1);
			assertThat(registry.get(KeepAliveMeters.POOL_LEASE_WAIT).tag("outcome", "acquired").timer().max(
					TimeUnit.MILLISECONDS))
				.isPositive();
		});
	}

	@Test
	void idleEvictionIsCountedWithItsReason() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		runner(registry).withPropertyValues("keepalive.keep-alive.idle-timeout=200ms").run((context) -> {
			context.getBean(RestClient.class).get().uri("/ping").retrieve().toBodilessEntity();
			this.server.awaitConnectionsClosedByClient(1, Duration.ofSeconds(5));
			await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> assertThat(closed(registry, "idle")).isEqualTo(1));
			assertThat(counter(registry, KeepAliveMeters.CONNECTIONS_OPENED)).isEqualTo(1);
		});
	}

	@Test
	void timeToLiveExpiryIsCountedWithItsReason() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		runner(registry).withPropertyValues("keepalive.keep-alive.time-to-live=300ms").run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			client.get().uri("/ping").retrieve().toBodilessEntity();
			// Outlive the time-to-live: the next lease must close the connection, not reuse it
			Thread.sleep(400);
			client.get().uri("/ping").retrieve().toBodilessEntity();
			this.server.awaitConnectionsClosedByClient(1, Duration.ofSeconds(5));
			assertThat(this.server.acceptedConnections()).isEqualTo(2);
			assertThat(counter(registry, KeepAliveMeters.CONNECTIONS_OPENED)).isEqualTo(2);
			assertThat(closed(registry, "expired")).isEqualTo(1);
		});
	}

	@Test
	void serverCloseIsCountedWithItsReason() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.server.connectionCloseEvery(1);
		runner(registry).run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			for (int i = 0; i < 3; i++) {
				client.get().uri("/ping").retrieve().toBodilessEntity();
			}
			assertThat(this.server.acceptedConnections()).isEqualTo(3);
			assertThat(counter(registry, KeepAliveMeters.CONNECTIONS_OPENED)).isEqualTo(3);
			assertThat(closed(registry, "closed-by-server")).isEqualTo(3);
		});
	}

	@Test
	void keepAliveDisabledClosesAreCountedAsNotReusable() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		runner(registry).withPropertyValues("keepalive.keep-alive.enabled=false").run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			for (int i = 0; i < 3; i++) {
				client.get().uri("/ping").retrieve().toBodilessEntity();
			}
			// The server echoes the client's "Connection: close": still the client's choice
			assertThat(this.server.connectionCloseRequests()).isEqualTo(3);
			assertThat(counter(registry, KeepAliveMeters.CONNECTIONS_OPENED)).isEqualTo(3);
			assertThat(closed(registry, "not-reusable")).isEqualTo(3);
			assertThat(closed(registry, "closed-by-server")).isZero();
		});
	}

	@Test
	void perRouteGaugesAreOffByDefault() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		runner(registry).run((context) -> {
			context.getBean(RestClient.class).get().uri("/ping").retrieve().toBodilessEntity();
			assertThat(registry.find(KeepAliveMeters.ROUTE_LEASED).gauges()).isEmpty();
			assertThat(gauge(registry, KeepAliveMeters.POOL_AVAILABLE)).isOne();
		});
	}

	@Test
	void perRouteGaugesShowEachRouteWhileItIsBusy() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LoopbackHttpServer other = LoopbackHttpServer.start()) {
			runner(registry).withPropertyValues("keepalive.metrics.per-route.enabled=true").run((context) -> {
				RestClient client = context.getBean(RestClient.class);
				client.get().uri(other.baseUrl() + "/other").retrieve().toBodilessEntity();
				this.server.holdResponses();
				ExecutorService callers = Executors.newFixedThreadPool(2);
				try {
					List<Future<?>> calls = new ArrayList<>();
					for (int i = 0; i < 2; i++) {
						calls.add(callers.submit(() -> client.get().uri("/held").retrieve().toBodilessEntity()));
					}
					this.server.awaitRequests(2, Duration.ofSeconds(10));
					assertThat(routeGauge(registry, KeepAliveMeters.ROUTE_LEASED, this.server)).isEqualTo(2);
					assertThat(routeGauge(registry, KeepAliveMeters.ROUTE_LEASED, other)).isZero();
					assertThat(routeGauge(registry, KeepAliveMeters.ROUTE_AVAILABLE, other)).isOne();
					assertThat(routeGauge(registry, KeepAliveMeters.ROUTE_MAX, this.server)).isEqualTo(50);
					assertThat(gauge(registry, KeepAliveMeters.POOL_LEASED)).isEqualTo(2);
					this.server.releaseResponses();
					for (Future<?> call : calls) {
						call.get(10, TimeUnit.SECONDS);
					}
				}
				finally {
					callers.shutdownNow();
				}
				assertThat(routeGauge(registry, KeepAliveMeters.ROUTE_LEASED, this.server)).isZero();
				assertThat(routeGauge(registry, KeepAliveMeters.ROUTE_AVAILABLE, this.server)).isEqualTo(2);
				assertThat(routeGauge(registry, KeepAliveMeters.ROUTE_PENDING, this.server)).isZero();
			});
		}
	}

	@Test
	void perRouteGaugesStopAtMaxRoutes(CapturedOutput output) throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		try (LoopbackHttpServer other = LoopbackHttpServer.start()) {
			runner(registry)
				.withPropertyValues("keepalive.metrics.per-route.enabled=true",
						"keepalive.metrics.per-route.max-routes=1")
				.run((context) -> {
					RestClient client = context.getBean(RestClient.class);
					client.get().uri("/first").retrieve().toBodilessEntity();
					client.get().uri(other.baseUrl() + "/second").retrieve().toBodilessEntity();
					assertThat(registry.find(KeepAliveMeters.ROUTE_LEASED).gauges()).singleElement()
						.satisfies((gauge) -> assertThat(gauge.getId().getTag("route"))
							.isEqualTo("http://127.0.0.1:" + this.server.getPort()));
				});
		}
		assertThat(output).contains("more than 1 routes").contains("keepalive.metrics.per-route.max-routes");
	}

	@Test
	void adaptiveLimitGaugeIsThereForAdaptiveClientsWithoutPerRouteGauges() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.server.responseDelay(Duration.ofMillis(10));
		runner(registry).withPropertyValues("keepalive.pool.adaptive.enabled=true", "keepalive.pool.max-per-route=8")
			.run((context) -> {
				RestClient client = context.getBean(RestClient.class);
				client.get().uri("/first").retrieve().toBodilessEntity();
				assertThat(routeGauge(registry, KeepAliveMeters.ROUTE_LIMIT, this.server)).isEqualTo(2);
				assertThat(registry.find(KeepAliveMeters.ROUTE_LEASED).gauges()).isEmpty();
				ExecutorService callers = Executors.newFixedThreadPool(16);
				try {
					List<Future<?>> calls = new ArrayList<>();
					for (int i = 0; i < 16; i++) {
						calls.add(callers.submit(() -> {
							for (int j = 0; j < 30; j++) {
								client.get().uri("/load").retrieve().toBodilessEntity();
							}
						}));
					}
					await().atMost(Duration.ofSeconds(10))
						.until(() -> routeGauge(registry, KeepAliveMeters.ROUTE_LIMIT, this.server) == 8);
					for (Future<?> call : calls) {
						call.get(30, TimeUnit.SECONDS);
					}
				}
				finally {
					callers.shutdownNow();
				}
				assertThat(this.server.maxOpenConnections()).isEqualTo(8);
			});
	}

	@Test
	void noAdaptiveLimitGaugeForFixedLimits() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		runner(registry).withPropertyValues("keepalive.metrics.per-route.enabled=true").run((context) -> {
			context.getBean(RestClient.class).get().uri("/ping").retrieve().toBodilessEntity();
			assertThat(registry.find(KeepAliveMeters.ROUTE_MAX).gauges()).hasSize(1);
			assertThat(registry.find(KeepAliveMeters.ROUTE_LIMIT).gauges()).isEmpty();
		});
	}

	@Test
	void perRouteMaxRoutesBelowOneFailsNamingTheProperty() {
		runner(new SimpleMeterRegistry())
			.withPropertyValues("keepalive.metrics.per-route.enabled=true", "keepalive.metrics.per-route.max-routes=0")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("keepalive.metrics.per-route.max-routes"));
	}

	@Test
	void prometheusScrapeNamesEveryClient() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		runner(registry).withPropertyValues("keepalive.clients.payments.base-url=" + this.server.baseUrl())
			.run((context) -> {
				context.getBean("paymentsRestClient", RestClient.class).get().uri("/pay").retrieve().toBodilessEntity();
				String scrape = registry.scrape();
				assertThat(scrape).contains("keepalive_requests_total{client=\"payments\"} 1.0")
					.contains("keepalive_pool_max{client=\"default\"} 200.0")
					.contains("keepalive_connections_closed_total{client=\"payments\",reason=\"idle\"}")
					.contains("keepalive_pool_lease_wait_seconds_count{client=\"payments\",outcome=\"acquired\"} 1");
			});
	}

	@Test
	void prometheusScrapeWithPerRouteGauges() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		runner(registry).withPropertyValues("keepalive.metrics.per-route.enabled=true").run((context) -> {
			context.getBean(RestClient.class).get().uri("/ping").retrieve().toBodilessEntity();
			String route = "http://127.0.0.1:" + this.server.getPort();
			assertThat(registry.scrape())
				.contains("keepalive_pool_route_available{client=\"default\",route=\"" + route + "\"} 1.0")
				.contains("keepalive_pool_available{client=\"default\"} 1.0");
		});
	}

	private double routeGauge(MeterRegistry registry, String name, LoopbackHttpServer target) {
		return registry.get(name)
			.tag("client", "default")
			.tag("route", "http://127.0.0.1:" + target.getPort())
			.gauge()
			.value();
	}

	private static double counter(MeterRegistry registry, String name) {
		return registry.get(name).tag("client", "default").counter().count();
	}

	@Test
	void leaseWaitsAreTaggedWithHowTheyEndedAndOnlyTheTimeoutGaveUp() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		this.server.holdResponses((request) -> request.path().equals("/held"));
		runner(registry).withPropertyValues("keepalive.pool.max-per-route=1", "keepalive.pool.lease-timeout=100ms")
			.run((context) -> {
				RestClient client = context.getBean(RestClient.class);
				CompletableFuture<?> held = CompletableFuture
					.runAsync(() -> client.get().uri("/held").retrieve().toBodilessEntity());
				this.server.awaitRequests(1, Duration.ofSeconds(10));
				assertThat(Assertions.catchThrowable(() -> client.get().uri("/ping").retrieve().toBodilessEntity()))
					.isNotNull();
				this.server.releaseResponses();
				held.get(10, TimeUnit.SECONDS);
				assertThat(registry.get(KeepAliveMeters.POOL_LEASE_WAIT)
					.tag("client", "default")
					.timers()).extracting((timer) -> timer.getId().getTag("outcome"))
					.containsExactlyInAnyOrder("acquired", "timeout", "cancelled", "interrupted", "shutdown", "failed");
				assertThat(leaseWaits(registry, "acquired")).isEqualTo(1);
				assertThat(leaseWaits(registry, "timeout")).isEqualTo(1);
				assertThat(registry.get(KeepAliveMeters.CONNECTIONS_CLOSED)
					.tag("client", "default")
					.counters()).extracting((counter) -> counter.getId().getTag("reason"))
					.contains("idle", "expired", "stale", "closed-by-server", "error", "shutdown", "limit", "renewed");
				assertThat(context.getBean(KeepAliveClients.class).get("default").pool().leases().timeouts()).isEqualTo(1);
			});
	}

	private static long leaseWaits(MeterRegistry registry, String outcome) {
		return registry.get(KeepAliveMeters.POOL_LEASE_WAIT)
			.tag("client", "default")
			.tag("outcome", outcome)
			.timer()
			.count();
	}

	private static double gauge(MeterRegistry registry, String name) {
		return registry.get(name).tag("client", "default").gauge().value();
	}

	private static double closed(MeterRegistry registry, String reason) {
		return registry.get(KeepAliveMeters.CONNECTIONS_CLOSED)
			.tag("client", "default")
			.tag("reason", reason)
			.counter()
			.count();
	}

}
