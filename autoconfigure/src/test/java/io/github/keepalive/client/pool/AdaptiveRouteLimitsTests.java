package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.settings.AdaptiveSettings;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pool.adaptive.*}: the per-route limit moves between the floor and the ceiling
 * from what the pool sees, on real loopback sockets, and the server sees the connections
 * the limit allows. These tests prove the mechanics, not the performance (see the
 * benchmarks for that).
 */
@ExtendWith(OutputCaptureExtension.class)
class AdaptiveRouteLimitsTests {

	private static final Duration DEADLINE = Duration.ofSeconds(20);

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	@Test
	void limitStartsAtTheFloorAndRisesToTheCeilingWhileCallersWait() throws Exception {
		this.server.responseDelay(Duration.ofMillis(20));
		try (KeepAliveHttpClient client = client(pool(100, 12).withAdaptive(adaptive(2)))) {
			RestClient restClient = restClient(client);
			restClient.get().uri("/first").retrieve().toBodilessEntity();
			assertThat(limit(client)).as("a new route's limit").isEqualTo(2);
			try (Load load = new Load(restClient, 24)) {
				List<Integer> path = load.limitsUntil(client, (limit) -> limit == 12);
				assertThat(path).as("the limit's path").last().isEqualTo(12);
				// the algorithm may step back if the round trip grows on a busy machine, never out
				path.addAll(load.limitsFor(client, Duration.ofMillis(500)));
				assertThat(path).allSatisfy((limit) -> assertThat(limit).isBetween(2, 12));
			}
			assertThat(this.server.maxRequestsInFlight()).as("requests the server had in flight at once")
				.isEqualTo(12);
			assertThat(this.server.maxOpenConnections()).isEqualTo(12);
			assertThat(client.pool().routeStats(route()).max()).as("the pool's own per-route maximum").isEqualTo(12);
		}
	}

	@Test
	void limitChangesAreLoggedAtDebug(CapturedOutput output) throws Exception {
		Logger logger = (Logger) LoggerFactory.getLogger(AdaptiveRouteLimits.class);
		Level level = logger.getLevel();
		logger.setLevel(Level.DEBUG);
		this.server.responseDelay(Duration.ofMillis(10));
		try (KeepAliveHttpClient client = client(pool(100, 8).withAdaptive(adaptive(2)))) {
			try (Load load = new Load(restClient(client), 16)) {
				assertThat(load.limitsUntil(client, (limit) -> limit == 8)).last().isEqualTo(8);
			}
		}
		finally {
			logger.setLevel(level);
		}
		assertThat(output).containsPattern("Keep-alive client 'adaptive', route " + this.server.baseUrl()
				+ ": limit 2 -> \\d+ \\(round trip [\\d.]+ ms, lowest [\\d.]+ ms, \\d+ callers holding or waiting\\)");
	}

	@Test
	void limitStaysAtTheFloorWhileNoCallerWaits() throws Exception {
		this.server.responseDelay(Duration.ofMillis(2));
		try (KeepAliveHttpClient client = client(pool(100, 12).withAdaptive(adaptive(3)))) {
			RestClient restClient = restClient(client);
			Load load = new Load(restClient, 2);
			try (load) {
				// 200 requests of 2 ms each from two callers: ten or more of the limit's windows
				load.awaitRequests(200);
				assertThat(limit(client)).isEqualTo(3);
			}
			assertThat(this.server.maxOpenConnections()).isEqualTo(2);
		}
	}

	// 40 callers must first lift the limit near its ceiling, which a machine busy with other
	// work delays past the deadline (latency then grows with concurrency on the client's
	// side too): a load test, run by CI in the tagged suite
	@Test
	@Tag("load")
	void limitFallsWhenTheServerSlowsDownWithConcurrency() throws Exception {
		this.server.responseDelay(Duration.ofMillis(5));
		try (KeepAliveHttpClient client = client(pool(100, 30).withAdaptive(adaptive(2)))) {
			RestClient restClient = restClient(client);
			try (Load load = new Load(restClient, 40)) {
				// near its ceiling of 30 first: the last few steps up are slow on a busy machine,
				// where latency also grows with concurrency on the client's side
				assertThat(load.limitsUntil(client, (limit) -> limit >= 24)).last()
					.matches((limit) -> limit >= 24, "at least 24");
				// overloaded: each request in flight adds 1 ms, 35 ms at 30 in flight
				this.server.responseDelayPerRequestInFlight(Duration.ofMillis(1));
				List<Integer> path = load.limitsUntil(client, (limit) -> limit <= 15);
				assertThat(path).last().matches((limit) -> limit <= 15, "at most 15");
				assertThat(path).allSatisfy((limit) -> assertThat(limit).isBetween(2, 30));
				int limit = limit(client);
				// connections above the limit are closed as they come back, not pooled
				assertThat(LoopbackHttpServer.await(() -> this.server.openConnections() <= limit + 1, DEADLINE))
					.as("connections open to the server, limit %d", limit)
					.isTrue();
				assertThat(client.pool().routeStats(route()).max()).isEqualTo(limit(client));
			}
		}
	}

	@Test
	void maxPerHostCapsTheLimit() throws Exception {
		this.server.responseDelay(Duration.ofMillis(10));
		PoolSettings pool = pool(100, 30).withAdaptive(adaptive(2))
			.withMaxPerHost(Map.of("127.0.0.1:" + this.server.getPort(), 5));
		try (KeepAliveHttpClient client = client(pool)) {
			try (Load load = new Load(restClient(client), 20)) {
				List<Integer> path = load.limitsUntil(client, (limit) -> limit == 5);
				path.addAll(load.limitsFor(client, Duration.ofMillis(500)));
				assertThat(path).contains(5).allSatisfy((limit) -> assertThat(limit).isBetween(2, 5));
			}
			assertThat(this.server.maxOpenConnections()).isEqualTo(5);
		}
	}

	@Test
	void floorAboveMaxPerHostIsCappedByIt() throws Exception {
		PoolSettings pool = pool(100, 30).withAdaptive(adaptive(8))
			.withMaxPerHost(Map.of("127.0.0.1", 4));
		try (KeepAliveHttpClient client = client(pool)) {
			restClient(client).get().uri("/").retrieve().toBodilessEntity();
			assertThat(limit(client)).isEqualTo(4);
			assertThat(client.pool().routeStats(route()).max()).isEqualTo(4);
		}
	}

	@Test
	void resizeMovesTheCeiling() throws Exception {
		this.server.responseDelay(Duration.ofMillis(10));
		try (KeepAliveHttpClient client = client(pool(100, 20).withAdaptive(adaptive(2)))) {
			try (Load load = new Load(restClient(client), 24)) {
				assertThat(load.limitsUntil(client, (limit) -> limit == 20)).last().isEqualTo(20);
				client.pool().resize(null, 6);
				assertThat(limit(client)).isEqualTo(6);
				assertThat(LoopbackHttpServer.await(() -> this.server.openConnections() <= 6, DEADLINE)).isTrue();
				assertThat(load.limitsFor(client, Duration.ofMillis(500)))
					.allSatisfy((limit) -> assertThat(limit).isBetween(2, 6));
				assertThat(this.server.requestsInFlight()).isLessThanOrEqualTo(6);
			}
		}
	}

	@Test
	void switchedOffTheLimitsAreFixed() throws Exception {
		this.server.responseDelay(Duration.ofMillis(5));
		this.server.holdResponses();
		PoolSettings pool = pool(100, 6);
		assertThat(pool.adaptive().enabled()).isFalse();
		try (KeepAliveHttpClient client = client(pool)) {
			try (Load load = new Load(restClient(client), 12)) {
				// all six at once from the first requests, none answered yet: no ramp from a floor
				assertThat(LoopbackHttpServer.await(() -> this.server.requestsInFlight() == 6, DEADLINE)).isTrue();
				assertThat(this.server.requests()).isEqualTo(6);
				assertThat(client.pool().routeStats(route()).max()).isEqualTo(6);
				this.server.releaseResponses();
				load.awaitRequests(120);
				assertThat(client.pool().adaptiveLimits()).isEmpty();
				assertThat(client.pool().adaptiveLimit(route())).isNull();
			}
			assertThat(this.server.maxOpenConnections()).isEqualTo(6);
			assertThat(this.server.acceptedConnections()).isEqualTo(6);
		}
	}

	private static PoolSettings pool(int maxTotal, int maxPerRoute) {
		return PoolSettings.DEFAULTS.withLimits(maxTotal, maxPerRoute);
	}

	private static AdaptiveSettings adaptive(int floor) {
		return new AdaptiveSettings(true, floor);
	}

	private static KeepAliveHttpClient client(PoolSettings pool) {
		return new KeepAliveHttpClientFactory().create(KeepAliveClientSettings.defaults("adaptive").withPool(pool));
	}

	private RestClient restClient(KeepAliveHttpClient client) {
		return RestClient.builder()
			.requestFactory(client.createRequestFactory())
			.baseUrl(this.server.baseUrl())
			.build();
	}

	private HttpRoute route() {
		return new HttpRoute(
				new HttpHost("http", "127.0.0.1", this.server.getPort()));
	}

	private int limit(KeepAliveHttpClient client) {
		Integer limit = client.pool().adaptiveLimits().get(this.server.baseUrl());
		assertThat(limit).as("adaptive limit of %s in %s", this.server.baseUrl(), client.pool().adaptiveLimits()).isNotNull();
		return limit;
	}

	/**
	 * Callers in a closed loop, each sending its next request when the last one is
	 * answered, until closed.
	 */
	private final class Load implements AutoCloseable {

		private volatile boolean stopped;

		private final CompletableFuture<ConcurrentCallers.Outcome> callers;

		Load(RestClient restClient, int callers) {
			this.callers = CompletableFuture.supplyAsync(() -> ConcurrentCallers.run(callers, DEADLINE, (index) -> {
				while (!this.stopped) {
					restClient.get().uri("/load").retrieve().toBodilessEntity();
				}
			}));
		}

		/**
		 * Samples the limit every 5 ms until the condition holds (or the deadline passes).
		 */
		List<Integer> limitsUntil(KeepAliveHttpClient client, IntPredicate condition) throws InterruptedException {
			List<Integer> path = new CopyOnWriteArrayList<>();
			long deadline = System.nanoTime() + DEADLINE.toNanos();
			do {
				Integer limit = client.pool().adaptiveLimits().get(AdaptiveRouteLimitsTests.this.server.baseUrl());
				if (limit != null) {
					path.add(limit);
					if (condition.test(limit)) {
						break;
					}
				}
				Thread.sleep(5);
			}
			while (System.nanoTime() < deadline && !this.callers.isDone());
			return path;
		}

		/**
		 * Samples the limit every 5 ms for the given time.
		 */
		List<Integer> limitsFor(KeepAliveHttpClient client, Duration duration) throws InterruptedException {
			List<Integer> path = new CopyOnWriteArrayList<>();
			long end = System.nanoTime() + duration.toNanos();
			while (System.nanoTime() < end && !this.callers.isDone()) {
				path.add(limit(client));
				Thread.sleep(5);
			}
			return path;
		}

		/**
		 * Waits until the server has received the given number of requests in all.
		 */
		void awaitRequests(int requests) {
			assertThat(LoopbackHttpServer.await(() -> AdaptiveRouteLimitsTests.this.server.requests() >= requests,
					DEADLINE))
				.as("%d requests received", requests)
				.isTrue();
		}

		@Override
		public void close() throws Exception {
			this.stopped = true;
			ConcurrentCallers.Outcome outcome = this.callers.get(DEADLINE.toSeconds() + 5, TimeUnit.SECONDS);
			outcome.assertAllSucceeded();
		}

	}

}
