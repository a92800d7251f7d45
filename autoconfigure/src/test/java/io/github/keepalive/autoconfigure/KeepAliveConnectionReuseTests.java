package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.PoolExhaustedException;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connection reuse, limits, lease timeout and shutdown of the auto-configured clients, as
 * a loopback server sees them.
 */
class KeepAliveConnectionReuseTests {

	private LoopbackHttpServer server;

	private ApplicationContextRunner runner;

	@BeforeEach
	void start() {
		this.server = LoopbackHttpServer.start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class,
					HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
					RestClientAutoConfiguration.class))
			.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());
	}

	@AfterEach
	void stop() {
		this.server.close();
	}

	@Test
	void sequentialRequestsShareOneConnection() {
		this.runner.run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			for (int i = 0; i < 200; i++) {
				client.get().uri("/ping").retrieve().toBodilessEntity();
			}
			assertThat(this.server.requests()).isEqualTo(200);
			assertThat(this.server.acceptedConnections()).isEqualTo(1);
		});
	}

	@Test
	void keepAliveDisabledOpensOneConnectionPerRequestAndSendsConnectionClose() {
		this.runner.withPropertyValues("keepalive.keep-alive.enabled=false").run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			for (int i = 0; i < 200; i++) {
				client.get().uri("/ping").retrieve().toBodilessEntity();
			}
			assertThat(this.server.requests()).isEqualTo(200);
			assertThat(this.server.acceptedConnections()).isEqualTo(200);
			assertThat(this.server.connectionCloseRequests()).isEqualTo(200);
		});
	}

	@Test
	void maxPerRouteBoundsOpenConnections() {
		this.server.responseDelay(Duration.ofMillis(20));
		this.runner.withPropertyValues("keepalive.pool.max-per-route=8").run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			runConcurrently(32, 4, () -> client.get().uri("/slow").retrieve().toBodilessEntity());
			assertThat(this.server.requests()).isEqualTo(128);
			assertThat(this.server.maxOpenConnections()).isEqualTo(8);
			assertThat(this.server.acceptedConnections()).isEqualTo(8);
		});
	}

	@Test
	void defaultsDoNotStarveConcurrentCallersOnFiveConnections() {
		this.server.responseDelay(Duration.ofMillis(200));
		this.runner.run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			runConcurrently(32, 1, () -> client.get().uri("/slow").retrieve().toBodilessEntity());
			assertThat(this.server.maxOpenConnections()).isGreaterThanOrEqualTo(20);
		});
	}

	@Test
	void exhaustedPoolFailsWithinTheLeaseTimeoutNamingClientAndPoolState() {
		this.server.holdResponses();
		this.runner.withPropertyValues("keepalive.pool.max-per-route=1", "keepalive.pool.lease-timeout=300ms")
			.run((context) -> {
				RestClient client = context.getBean(RestClient.class);
				ExecutorService holder = Executors.newSingleThreadExecutor();
				try {
					Future<?> held = holder.submit(() -> client.get().uri("/held").retrieve().toBodilessEntity());
					this.server.awaitRequests(1, Duration.ofSeconds(5));
					long start = System.nanoTime();
					assertThatExceptionOfType(ResourceAccessException.class)
						.isThrownBy(() -> client.get().uri("/second").retrieve().toBodilessEntity())
						.havingRootCause()
						.isInstanceOf(PoolExhaustedException.class)
						.withMessageContaining("'default'")
						.withMessageContaining("route leased 1/1")
						.withMessageContaining("pending");
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
					this.server.releaseResponses();
					held.get(5, TimeUnit.SECONDS);
					assertThat(context.getBean(KeepAliveClients.class)
						.get("default")
						.getConnectionManager()
						.getTotalStats()
						.getLeased()).isZero();
				}
				finally {
					holder.shutdownNow();
				}
			});
	}

	@Test
	void closingTheContextClosesEveryConnectionAndStopsEviction() {
		this.runner.run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			runConcurrently(4, 5, () -> client.get().uri("/ping").retrieve().toBodilessEntity());
			assertThat(this.server.openConnections()).isPositive();
			assertThat(evictorThreads()).isPositive();
		});
		this.server.awaitOpenConnections(0, Duration.ofSeconds(5));
		assertThat(this.server.connectionsClosedByClient()).isEqualTo(this.server.acceptedConnections());
		assertThat(evictorThreads()).isZero();
	}

	@Test
	void clientsBuiltFromBootsBuilderShareTheDefaultPoolAndCloseWithTheContext() {
		this.runner.run((context) -> {
			RestClient.Builder builder = context.getBean(RestClient.Builder.class);
			RestClient first = builder.baseUrl(this.server.baseUrl()).build();
			RestClient second = context.getBean(RestClient.Builder.class).baseUrl(this.server.baseUrl()).build();
			for (int i = 0; i < 50; i++) {
				first.get().uri("/a").retrieve().toBodilessEntity();
				second.get().uri("/b").retrieve().toBodilessEntity();
				context.getBean(RestClient.class).get().uri("/c").retrieve().toBodilessEntity();
			}
			assertThat(this.server.requests()).isEqualTo(150);
			assertThat(this.server.acceptedConnections()).isEqualTo(1);
			assertThat(context.getBean(KeepAliveClients.class).getAll()).hasSize(1);
		});
		this.server.awaitOpenConnections(0, Duration.ofSeconds(5));
	}

	private static long evictorThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith("keepalive-evictor-"))
			.count();
	}

	private static void runConcurrently(int callers, int requestsEach, Runnable request) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		try {
			List<Future<?>> futures = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				futures.add(executor.submit(() -> {
					for (int j = 0; j < requestsEach; j++) {
						request.run();
					}
				}));
			}
			for (Future<?> future : futures) {
				future.get(30, TimeUnit.SECONDS);
			}
		}
		finally {
			executor.shutdownNow();
		}
	}

}
