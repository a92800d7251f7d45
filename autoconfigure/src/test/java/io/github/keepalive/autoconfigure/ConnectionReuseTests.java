package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.pool.PoolExhaustedException;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.restclient.RestTemplateBuilder;
import org.springframework.boot.restclient.autoconfigure.RestTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;

import static io.github.keepalive.test.KeepAliveTestSupport.assertNoLeases;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Connection reuse and pool limits of the auto-configured clients, checked by what a real
 * server on a loopback socket saw.
 */
class ConnectionReuseTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner()
		.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());

	@Test
	void sequentialRequestsReuseOneConnection() {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < 200; i++) {
				assertThat(restClient.get().uri("/items/{i}", i).retrieve().body(String.class)).isEqualTo("ok");
			}
			assertThat(this.server.requests()).isEqualTo(200);
			assertThat(this.server.acceptedConnections()).isOne();
			assertThat(this.server.maxOpenConnections()).isOne();
			assertThat(this.server.connectionCloseRequests()).isZero();
			List<RecordedRequest> requests = this.server.recordedRequests();
			assertThat(requests).extracting(RecordedRequest::connectionId).containsOnly(1);
			assertThat(requests.get(199).sequence()).isEqualTo(200);
		});
	}

	@Test
	void disabledKeepAliveOpensAConnectionPerRequestAndSendsConnectionClose() {
		this.contextRunner.withPropertyValues("keepalive.keep-alive.enabled=false").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < 200; i++) {
				assertThat(restClient.get().uri("/items/{i}", i).retrieve().body(String.class)).isEqualTo("ok");
			}
			assertThat(this.server.requests()).isEqualTo(200);
			assertThat(this.server.acceptedConnections()).isEqualTo(200);
			assertThat(this.server.connectionCloseRequests()).isEqualTo(200);
			assertThat(this.server.recordedRequests()).extracting(RecordedRequest::sequence).containsOnly(1);
			this.server.awaitOpenConnections(0, TIMEOUT);
			assertThat(defaultClient(context).pool().totalStats().available()).isZero();
		});
	}

	@Test
	void concurrentCallersNeverOpenMoreThanMaxPerRoute() {
		this.server.responseDelay(Duration.ofMillis(20)).holdResponses();
		this.contextRunner.withPropertyValues("keepalive.pool.max-per-route=8").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			CompletableFuture<ConcurrentCallers.Outcome> callers = CompletableFuture
				.supplyAsync(() -> ConcurrentCallers.run(32, TIMEOUT.multipliedBy(3), (caller) -> {
					for (int i = 0; i < 5; i++) {
						assertThat(restClient.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
					}
				}));
			// all eight pooled connections in use at once, the other callers waiting
			this.server.awaitRequests(8, TIMEOUT);
			this.server.awaitOpenConnections(8, TIMEOUT);
			assertThat(defaultClient(context).pool().totalStats().leased()).isEqualTo(8);
			this.server.releaseResponses();
			callers.get(TIMEOUT.multipliedBy(4).toMillis(), TimeUnit.MILLISECONDS).assertAllSucceeded();
			assertThat(this.server.requests()).isEqualTo(160);
			assertThat(this.server.maxOpenConnections()).isEqualTo(8);
			assertThat(this.server.acceptedConnections()).isEqualTo(8);
			assertNoLeases(context);
		});
	}

	@Test
	void defaultPoolOpensManyConnectionsToASlowServer() {
		this.server.holdResponses();
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			CompletableFuture<ConcurrentCallers.Outcome> callers = CompletableFuture.supplyAsync(() -> ConcurrentCallers
				.run(32, TIMEOUT.multipliedBy(2), (caller) -> restClient.get().uri("/").retrieve().body(String.class)));
			// a slow server: every caller is waiting for its response on a connection of its own
			this.server.awaitRequests(32, TIMEOUT);
			assertThat(this.server.openConnections()).isEqualTo(32);
			this.server.releaseResponses();
			callers.get(TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS).assertAllSucceeded();
			assertThat(this.server.maxOpenConnections()).isEqualTo(32);
			assertThat(this.server.acceptedConnections()).isEqualTo(32);
		});
	}

	@Test
	void maxPerHostLimitsOneRouteOnly() {
		try (LoopbackHttpServer other = LoopbackHttpServer.start()) {
			this.server.holdResponses();
			other.holdResponses();
			ApplicationContextRunner contextRunner = KeepAliveTestSupport.withProperties(this.contextRunner,
					"keepalive.pool.max-per-host.[127.0.0.1:" + this.server.getPort() + "]=2");
			contextRunner.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				CompletableFuture<ConcurrentCallers.Outcome> callers = CompletableFuture
					.supplyAsync(() -> ConcurrentCallers.run(16, TIMEOUT.multipliedBy(2), (caller) -> {
						LoopbackHttpServer target = (caller % 2 == 0) ? this.server : other;
						restClient.get().uri(target.url("/")).retrieve().toBodilessEntity();
					}));
				other.awaitRequests(8, TIMEOUT);
				this.server.awaitRequests(2, TIMEOUT);
				assertThat(other.openConnections()).isEqualTo(8);
				assertThat(this.server.openConnections()).isEqualTo(2);
				other.releaseResponses();
				this.server.releaseResponses();
				callers.get(TIMEOUT.multipliedBy(3).toMillis(), TimeUnit.MILLISECONDS).assertAllSucceeded();
				assertThat(this.server.requests()).isEqualTo(8);
				assertThat(this.server.maxOpenConnections()).isEqualTo(2);
				assertThat(other.maxOpenConnections()).isEqualTo(8);
			});
		}
	}

	@Test
	void exhaustedPoolFailsAfterLeaseTimeoutNamingClientAndPoolState() {
		this.contextRunner.withPropertyValues("keepalive.pool.max-per-route=1", "keepalive.pool.lease-timeout=300ms")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				this.server.holdResponses();
				CompletableFuture<String> holder = CompletableFuture
					.supplyAsync(() -> restClient.get().uri("/held").retrieve().body(String.class));
				this.server.awaitRequests(1, TIMEOUT);
				long start = System.nanoTime();
				ResourceAccessException failure = catchResourceAccess(restClient);
				long elapsedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
				// it waited out the lease timeout; that it was the lease timeout that ended it, and
				// not a hang, the exception says (no wall-clock upper bound on a loaded machine)
				assertThat(elapsedMillis).isGreaterThanOrEqualTo(250L);
				PoolExhaustedException exhausted = KeepAliveTestSupport.findCause(failure,
						PoolExhaustedException.class);
				assertThat(exhausted).as("PoolExhaustedException in %s", failure).isNotNull();
				assertThat(exhausted.getClientName()).isEqualTo("default");
				assertThat(exhausted.getMessage()).contains("Keep-alive client 'default'")
					.contains("within PT0.3S (keepalive.pool.lease-timeout)")
					.containsPattern("route leased 1/1, pending \\d+")
					.containsPattern("pool leased 1/200, available 0, pending \\d+");
				assertThat(failure.getMessage()).contains("Keep-alive client 'default'");
				// the failed request never reached the server
				assertThat(this.server.requests()).isOne();
				this.server.releaseResponses();
				assertThat(holder.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("ok");
				assertThat(restClient.get().uri("/after").retrieve().body(String.class)).isEqualTo("ok");
				assertThat(this.server.acceptedConnections()).isOne();
				assertNoLeases(context);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "STRICT", "LAX", "OFFLOCK" })
	void closingTheContextLeavesNoThreadOfTheClientsRunning(String concurrencyPolicy) throws InterruptedException {
		Set<Thread> before = liveThreads();
		this.contextRunner.withPropertyValues("keepalive.pool.concurrency-policy=" + concurrencyPolicy)
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				ConcurrentCallers.run(4, TIMEOUT, (caller) -> restClient.get().uri("/").retrieve().toBodilessEntity())
					.assertAllSucceeded();
			});
		this.server.awaitOpenConnections(0, TIMEOUT);
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		Set<String> left = newThreads(before);
		while (!left.isEmpty() && System.nanoTime() < deadline) {
			Thread.sleep(20);
			left = newThreads(before);
		}
		assertThat(left).isEmpty();
	}

	@Test
	void restClientsFromBootsBuilderShareTheDefaultPool() {
		this.contextRunner.run((context) -> {
			RestClient first = context.getBean(RestClient.Builder.class).baseUrl(this.server.url("/first")).build();
			RestClient second = context.getBean(RestClient.Builder.class).baseUrl(this.server.url("/second")).build();
			RestClient primary = context.getBean(RestClient.class);
			for (int i = 0; i < 30; i++) {
				first.get().uri("/x").retrieve().toBodilessEntity();
				second.get().uri("/x").retrieve().toBodilessEntity();
				primary.get().uri("/x").retrieve().toBodilessEntity();
			}
			assertThat(this.server.requests()).isEqualTo(90);
			assertThat(this.server.acceptedConnections()).isOne();
			KeepAliveClients clients = context.getBean(KeepAliveClients.class);
			assertThat(clients.getAll()).extracting(KeepAliveHttpClient::getName).containsExactly("default");
			assertThat(defaultClient(context).pool().totalStats().available()).isOne();
		});
		this.server.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.server.connectionsClosedByClient()).isOne();
	}

	@Test
	void restTemplatesFromBootsBuilderShareTheDefaultPool() {
		this.contextRunner.withConfiguration(AutoConfigurations.of(RestTemplateAutoConfiguration.class))
			.run((context) -> {
				RestTemplate first = context.getBean(RestTemplateBuilder.class).rootUri(this.server.baseUrl()).build();
				RestTemplate second = context.getBean(RestTemplateBuilder.class).rootUri(this.server.baseUrl()).build();
				for (int i = 0; i < 20; i++) {
					assertThat(first.getForObject("/first", String.class)).isEqualTo("ok");
					assertThat(second.getForObject("/second", String.class)).isEqualTo("ok");
				}
				assertThat(this.server.requests()).isEqualTo(40);
				assertThat(this.server.acceptedConnections()).isOne();
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				assertThat(clients.getAll()).extracting(KeepAliveHttpClient::getName).containsExactly("default");
			});
		this.server.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.server.connectionsClosedByClient()).isOne();
	}

	@Test
	void connectionIsReusedAfterAGapWithinIdleTimeout() throws InterruptedException {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			restClient.get().uri("/").retrieve().toBodilessEntity();
			Thread.sleep(1200);
			restClient.get().uri("/").retrieve().toBodilessEntity();
			assertThat(this.server.acceptedConnections()).isOne();
		});
	}

	@Test
	void shorterKeepAliveTimeoutAnnouncedByTheServerWins() {
		this.server.responseHeader("Keep-Alive", "timeout=1");
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			restClient.get().uri("/").retrieve().toBodilessEntity();
			Thread.sleep(1200);
			restClient.get().uri("/").retrieve().toBodilessEntity();
			assertThat(this.server.acceptedConnections()).isEqualTo(2);
			assertThat(this.server.requests()).isEqualTo(2);
			// the client dropped the expired connection; the server never closed it
			this.server.awaitConnectionsClosedByClient(1, TIMEOUT);
			assertThat(this.server.connectionsClosedByServer()).isZero();
		});
	}

	@Test
	void longerKeepAliveTimeoutAnnouncedByTheServerIsCappedByIdleTimeout() {
		this.server.responseHeader("Keep-Alive", "timeout=30, max=1000");
		this.contextRunner.withPropertyValues("keepalive.keep-alive.idle-timeout=1s").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			restClient.get().uri("/").retrieve().toBodilessEntity();
			Thread.sleep(1200);
			restClient.get().uri("/").retrieve().toBodilessEntity();
			assertThat(this.server.acceptedConnections()).isEqualTo(2);
			assertThat(this.server.requests()).isEqualTo(2);
			this.server.awaitConnectionsClosedByClient(1, TIMEOUT);
		});
	}

	@Test
	void longerKeepAliveTimeoutAnnouncedByTheServerWithinIdleTimeoutKeepsTheConnection() {
		this.server.responseHeader("Keep-Alive", "timeout=30, max=1000");
		this.contextRunner.withPropertyValues("keepalive.keep-alive.idle-timeout=10s").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			restClient.get().uri("/").retrieve().toBodilessEntity();
			Thread.sleep(1200);
			restClient.get().uri("/").retrieve().toBodilessEntity();
			assertThat(this.server.acceptedConnections()).isOne();
		});
	}

	// ------------------------------------------------------------------ helpers

	private static ResourceAccessException catchResourceAccess(RestClient restClient) {
		try {
			restClient.get().uri("/starved").retrieve().toBodilessEntity();
		}
		catch (ResourceAccessException ex) {
			return ex;
		}
		throw new AssertionError("Expected the request to fail for want of a pooled connection");
	}

	private static KeepAliveHttpClient defaultClient(AssertableApplicationContext context) {
		return context.getBean(KeepAliveClients.class).get("default");
	}

	private static Set<Thread> liveThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
	}

	private static Set<String> newThreads(Set<Thread> before) {
		return liveThreads().stream()
			.filter((thread) -> !before.contains(thread))
			.map(Thread::getName)
			.filter((name) -> !name.startsWith("loopback-http-") && !name.startsWith("ForkJoinPool.commonPool"))
			.collect(Collectors.toSet());
	}

}
