package io.github.keepalive.autoconfigure;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.pool.PoolExhaustedException;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledForJreRange;
import org.junit.jupiter.api.condition.JRE;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static io.github.keepalive.test.KeepAliveTestSupport.assertNoLeases;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * More callers than pooled connections: the callers beyond the pool fail after the lease
 * timeout with a clear exception, the others complete, nothing deadlocks and the pool is
 * healthy afterwards.
 */
class PoolSaturationTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	private static final String VIRTUAL_THREAD_PINNED = "jdk.VirtualThreadPinned";

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner()
		.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());

	@Test
	void callersBeyondThePoolFailAfterLeaseTimeoutWhileTheOthersComplete() {
		this.server.holdResponses();
		this.contextRunner.withPropertyValues("keepalive.pool.max-per-route=4", "keepalive.pool.lease-timeout=500ms")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				List<CompletableFuture<String>> holders = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					holders.add(CompletableFuture.supplyAsync(
							() -> restClient.get().uri("/").retrieve().body(String.class),
							(task) -> new Thread(task, "holder").start()));
				}
				this.server.awaitRequests(4, TIMEOUT);
				ConcurrentLinkedQueue<Long> waits = new ConcurrentLinkedQueue<>();
				ConcurrentCallers.Outcome starved = ConcurrentCallers.run(6, TIMEOUT, (caller) -> {
					long start = System.nanoTime();
					try {
						restClient.get().uri("/").retrieve().body(String.class);
					}
					finally {
						waits.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
					}
				});
				assertThat(starved.timedOut()).isZero();
				assertThat(starved.failures()).hasSize(6).allSatisfy((failure) -> {
					assertThat(failure).isInstanceOf(ResourceAccessException.class);
					PoolExhaustedException exhausted = KeepAliveTestSupport.findCause(failure,
							PoolExhaustedException.class);
					assertThat(exhausted).as("PoolExhaustedException in %s", failure).isNotNull();
					assertThat(exhausted.getClientName()).isEqualTo("default");
					assertThat(exhausted.getMessage()).contains("route leased 4/4");
				});
				// each waited out the lease timeout; the exceptions say it was the lease timeout
				assertThat(waits).hasSize(6).allSatisfy((wait) -> assertThat(wait).isGreaterThanOrEqualTo(450L));
				// the starved callers never reached the server
				assertThat(this.server.requests()).isEqualTo(4);
				this.server.releaseResponses();
				for (CompletableFuture<String> holder : holders) {
					assertThat(holder.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).isEqualTo("ok");
				}
				assertNoLeases(context);
				ConcurrentCallers.run(4, TIMEOUT, (caller) -> {
					for (int i = 0; i < 5; i++) {
						assertThat(restClient.get().uri("/").retrieve().body(String.class)).isEqualTo("ok");
					}
				}).assertAllSucceeded();
				assertThat(this.server.requests()).isEqualTo(24);
				assertThat(this.server.acceptedConnections()).isEqualTo(4);
				assertNoLeases(context);
			});
	}

	@Test
	@EnabledForJreRange(min = JRE.JAVA_21)
	void thousandVirtualThreadsShareAFiftyConnectionPool(@TempDir Path recordings) throws Exception {
		readOnceFromAVirtualThread();
		this.server.holdResponses();
		// JFR reports a virtual thread pinned to its carrier (jdk.tracePinnedThreads is gone
		// since JDK 24); a pinned wait for a pooled connection would stall the carriers
		Recording pinning = new Recording();
		pinning.enable(VIRTUAL_THREAD_PINNED).withThreshold(Duration.ofMillis(20)).withStackTrace();
		pinning.start();
		this.contextRunner.withPropertyValues("keepalive.pool.max-per-route=50", "keepalive.pool.lease-timeout=30s")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				CompletableFuture<ConcurrentCallers.Outcome> callers = CompletableFuture
					.supplyAsync(() -> ConcurrentCallers.run(newVirtualThreadPerTaskExecutor(), 1000,
							Duration.ofSeconds(60), (caller) -> assertThat(
									restClient.get().uri("/items/{caller}", caller).retrieve().body(String.class))
								.isEqualTo("ok")),
							(task) -> new Thread(task, "virtual-threads-driver").start());
				// every pooled connection in use, 950 virtual threads waiting for one
				this.server.awaitRequests(50, TIMEOUT);
				this.server.awaitOpenConnections(50, TIMEOUT);
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				assertThat(clients.get("default").pool().totalStats().leased()).isEqualTo(50);
				this.server.releaseResponses();
				ConcurrentCallers.Outcome outcome = callers.get(70, TimeUnit.SECONDS);
				outcome.assertAllSucceeded();
				assertThat(this.server.requests()).isEqualTo(1000);
				assertThat(this.server.maxOpenConnections()).isEqualTo(50);
				assertThat(this.server.acceptedConnections()).isEqualTo(50);
				assertNoLeases(context);
			});
		pinning.stop();
		Path recording = recordings.resolve("pinning.jfr");
		pinning.dump(recording);
		pinning.close();
		assertThat(RecordingFile.readAllEvents(recording))
			.filteredOn((event) -> event.getEventType().getName().equals(VIRTUAL_THREAD_PINNED))
			.isEmpty();
	}

	/**
	 * Lets the JDK set up what a virtual thread's timed socket read needs (its poller)
	 * before the recording starts: virtual threads that meet that one-time initialization
	 * wait for it pinned ("Waited for initialization of sun.nio.ch.Poller by another
	 * thread", seen on JDK 25), which says nothing about the pool.
	 */
	private static void readOnceFromAVirtualThread() throws Exception {
		ExecutorService executor = newVirtualThreadPerTaskExecutor();
		try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			Future<?> read = executor.submit(() -> {
				try (Socket socket = new Socket(listener.getInetAddress(), listener.getLocalPort())) {
					socket.setSoTimeout(50);
					// nothing comes: the read parks until the timeout
					socket.getInputStream().read();
				}
				catch (SocketTimeoutException expected) {
					// parked and woken by the poller
				}
				return null;
			});
			read.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		}
		finally {
			executor.shutdownNow();
		}
	}

	/**
	 * {@code Executors.newVirtualThreadPerTaskExecutor()}, looked up at run time since the
	 * tests are compiled for Java 17.
	 */
	private static ExecutorService newVirtualThreadPerTaskExecutor() {
		try {
			return (ExecutorService) MethodHandles.publicLookup()
				.findStatic(Executors.class, "newVirtualThreadPerTaskExecutor",
						MethodType.methodType(ExecutorService.class))
				.invoke();
		}
		catch (Throwable ex) {
			throw new IllegalStateException("Virtual threads are not available", ex);
		}
	}

}
