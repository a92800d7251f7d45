package io.github.keepalive.client;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.pool.PoolAdvice;
import io.github.keepalive.client.pool.PoolLimits;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The pool's limits under HttpClient's other concurrency policies: {@code LAX}, which
 * applies no limit across routes, and {@code OFFLOCK}.
 */
class ConcurrencyPolicyTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	@AfterEach
	void stopCallers() throws InterruptedException {
		this.server.releaseResponses();
		this.callers.shutdownNow();
		assertThat(this.callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	private static KeepAliveHttpClient client(PoolConcurrencyPolicy policy, int maxTotal, int maxPerRoute) {
		KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("default")
			.withPool(PoolSettings.DEFAULTS.withLimits(maxTotal, maxPerRoute)
				.withLeaseTimeout(Duration.ofSeconds(30))
				.withPolicies(policy, PoolReusePolicy.LIFO));
		return new KeepAliveHttpClientFactory().create(settings);
	}

	@Test
	void laxPoolReportsItsConfiguredMaxTotalAndResizesPerRoute() throws Exception {
		try (KeepAliveHttpClient client = client(PoolConcurrencyPolicy.LAX, 20, 2)) {
			assertThat(client.pool().limits().maxTotal()).isEqualTo(20);
			PoolLimits resized = client.pool().resize(null, 6);
			assertThat(resized.maxPerRoute()).isEqualTo(6);
			assertThat(resized.maxTotal()).isEqualTo(20);
		}
	}

	@Test
	void laxPoolIsNeverAdvisedToRaiseMaxTotal() throws Exception {
		try (KeepAliveHttpClient client = client(PoolConcurrencyPolicy.LAX, 1, 1)) {
			this.server.holdResponses();
			List<CompletableFuture<Integer>> requests = List.of(call(client), call(client), call(client));
			this.server.awaitRequests(1, TIMEOUT);
			assertThat(LoopbackHttpServer.await(() -> client.pool().stats().oldestWait() != null, TIMEOUT)).isTrue();
			Thread.sleep(20);
			this.server.releaseResponses();
			for (CompletableFuture<Integer> request : requests) {
				assertThat(request.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(200);
			}
			List<PoolAdvice> advice = client.pool().advice();
			assertThat(advice).extracting(PoolAdvice::setting).containsExactly(PoolSettings.MAX_PER_ROUTE);
			assertThat(advice.get(0).reason()).doesNotContain("total");
		}
	}

	@ParameterizedTest
	@EnumSource(names = { "STRICT", "OFFLOCK" })
	void raisedLimitsServeTheCallersAlreadyWaiting(PoolConcurrencyPolicy policy) throws Exception {
		try (KeepAliveHttpClient client = client(policy, 20, 1)) {
			this.server.holdResponses();
			List<CompletableFuture<Integer>> requests = List.of(call(client), call(client), call(client),
					call(client));
			this.server.awaitRequests(1, TIMEOUT);
			assertThat(LoopbackHttpServer.await(() -> client.pool().totalStats().pending() == 3, TIMEOUT))
				.as("callers waiting: %s", client.pool().totalStats())
				.isTrue();
			client.pool().resize(null, 3);
			this.server.awaitRequests(3, TIMEOUT);
			client.pool().resize(null, 6);
			this.server.awaitRequests(4, TIMEOUT);
			assertThat(this.server.requestsInFlight()).isEqualTo(4);
			this.server.releaseResponses();
			for (CompletableFuture<Integer> request : requests) {
				assertThat(request.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo(200);
			}
			assertThat(this.server.acceptedConnections()).isEqualTo(4);
		}
	}

	private CompletableFuture<Integer> call(KeepAliveHttpClient client) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return client.getHttpClient()
					.execute(new HttpGet(this.server.url("/work")), (response) -> response.getCode());
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		}, this.callers);
	}

}
