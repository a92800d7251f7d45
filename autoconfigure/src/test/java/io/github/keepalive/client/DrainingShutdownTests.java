package io.github.keepalive.client;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.keepalive.client.pool.ClientShuttingDownException;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Draining shutdown ({@code keepalive.shutdown.drain-timeout}): once the context closes
 * no connection is leased, while a request holding one, here a background task's, gets
 * the drain timeout to finish; then the pools close.
 */
@ExtendWith(OutputCaptureExtension.class)
class DrainingShutdownTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final ExecutorService background = Executors.newCachedThreadPool();

	private final ApplicationContextRunner runner = KeepAliveTestSupport.contextRunner();

	@AfterEach
	void stopBackground() throws InterruptedException {
		this.server.releaseResponses();
		this.background.shutdownNow();
		assertThat(this.background.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void backgroundRequestMidFlightCompletesWithinTheDrainTimeout() {
		Set<Thread> before = keepAliveThreads();
		this.server.holdResponses((request) -> request.path().equals("/report"));
		this.runner.withPropertyValues("keepalive.base-url=" + this.server.baseUrl(),
				"keepalive.shutdown.drain-timeout=5s")
			.run((context) -> {
				RestClient client = context.getBean(RestClient.class);
				CompletableFuture<String> report = CompletableFuture
					.supplyAsync(() -> client.get().uri("/report").retrieve().body(String.class), this.background);
				this.server.awaitRequests(1, TIMEOUT);
				CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close, this.background);
				ClientShuttingDownException refused = awaitRefusal(client);
				assertThat(refused).hasMessage("Keep-alive client 'default' is shutting down: no new connection is "
						+ "leased. Requests that already hold one may finish within keepalive.shutdown.drain-timeout.");
				assertThat(closed).as("the context waits for the leased connection").isNotDone();
				long releasedAt = System.nanoTime();
				this.server.releaseResponses();
				assertThat(report.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
				closed.get(5, TimeUnit.SECONDS);
				this.server.awaitOpenConnections(0, TIMEOUT);
				assertThat(this.server.clientCloseNanoTimes()).as("the connections closed by the pools")
					.isNotEmpty()
					.allSatisfy((closedAt) -> assertThat(closedAt).isGreaterThan(releasedAt));
				assertThat(this.server.responses()).isEqualTo(this.server.requests());
				assertThat(LoopbackHttpServer.await(() -> before.containsAll(keepAliveThreads()), TIMEOUT))
					.as("keep-alive threads started by the context and left after close")
					.isTrue();
			});
	}

	@Test
	void drainTimeoutBoundsTheWaitForAStuckRequest(CapturedOutput output) {
		this.server.holdResponses();
		this.runner.withPropertyValues("keepalive.base-url=" + this.server.baseUrl(),
				"keepalive.shutdown.drain-timeout=500ms")
			.run((context) -> {
				RestClient client = context.getBean(RestClient.class);
				CompletableFuture<String> stuck = CompletableFuture
					.supplyAsync(() -> client.get().uri("/stuck").retrieve().body(String.class), this.background);
				this.server.awaitRequests(1, TIMEOUT);
				// the stuck request never ends on its own: a close that waited for it would not end
				long start = System.nanoTime();
				assertThat(CompletableFuture.runAsync(context::close, this.background)).as("close")
					.succeedsWithin(TIMEOUT);
				assertThat(Duration.ofNanos(System.nanoTime() - start)).as("close waited the drain timeout")
					.isGreaterThanOrEqualTo(Duration.ofMillis(450));
				// its connection closed with the pool; the retry of the GET is refused
				assertThat(stuck).failsWithin(TIMEOUT)
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(ClientShuttingDownException.class);
				// the server holding the response sees the close once it lets the response go
				this.server.releaseResponses();
				this.server.awaitConnectionsClosedByClient(1, TIMEOUT);
			});
		assertThat(output.getAll()).contains("Keep-alive client 'default' is closed with 1 connection(s) still leased "
				+ "after the drain timeout of 500 ms");
	}

	@Test
	void callersWaitingForAConnectionFailAtOnce() {
		this.server.holdResponses();
		this.runner.withPropertyValues("keepalive.base-url=" + this.server.baseUrl(),
				"keepalive.pool.max-per-route=1", "keepalive.pool.lease-timeout=20s",
				"keepalive.shutdown.drain-timeout=10s")
			.run((context) -> {
				RestClient client = context.getBean(RestClient.class);
				KeepAliveHttpClient pool = context.getBean(KeepAliveClients.class).get("default");
				CompletableFuture<String> holding = CompletableFuture
					.supplyAsync(() -> client.get().uri("/holding").retrieve().body(String.class), this.background);
				this.server.awaitRequests(1, TIMEOUT);
				CompletableFuture<String> waiting = CompletableFuture
					.supplyAsync(() -> client.get().uri("/waiting").retrieve().body(String.class), this.background);
				assertThat(LoopbackHttpServer.await(() -> pool.pool().totalStats().pending() == 1, TIMEOUT)).isTrue();
				CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close, this.background);
				assertThat(waiting).failsWithin(Duration.ofSeconds(2))
					.withThrowableThat()
					.havingCause()
					.isInstanceOf(ClientShuttingDownException.class);
				this.server.releaseResponses();
				assertThat(holding.get(5, TimeUnit.SECONDS)).isEqualTo("ok");
				closed.get(5, TimeUnit.SECONDS);
				assertThat(this.server.requests()).isOne();
			});
	}

	@Test
	void negativeDrainTimeoutStopsStartUp() {
		this.runner.withPropertyValues("keepalive.shutdown.drain-timeout=-1s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'keepalive.shutdown.drain-timeout': must not be negative"));
	}

	private ClientShuttingDownException awaitRefusal(RestClient client) {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (System.nanoTime() - deadline < 0) {
			try {
				client.get().uri("/probe").retrieve().body(String.class);
			}
			catch (ClientShuttingDownException ex) {
				return ex;
			}
			sleep();
		}
		throw new AssertionError("No request was refused within " + TIMEOUT);
	}

	private static void sleep() {
		try {
			Thread.sleep(5);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static Set<Thread> keepAliveThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("keepalive-"))
			.collect(Collectors.toSet());
	}


}
