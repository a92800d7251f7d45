package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.mockito.Mockito.mock;

/**
 * Who the lease gate lets through before and while the client drains, what becomes of
 * the callers waiting when it closes, and how the drain waits for the leased connections.
 */
class LeaseGateTests {

	// a safety net only: nothing asserted depends on how long anything takes
	private static final long SAFETY_SECONDS = 30;

	private static final Timeout LEASE_TIMEOUT = Timeout.ofSeconds(SAFETY_SECONDS);

	private final LeaseGate gate = new LeaseGate("test");

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private final ConnectionEndpoint endpoint = mock(ConnectionEndpoint.class);

	@AfterEach
	void stopCallers() throws InterruptedException {
		this.callers.shutdownNow();
		assertThat(this.callers.awaitTermination(SAFETY_SECONDS, TimeUnit.SECONDS)).isTrue();
	}

	@Test
	void leasesPassUntilTheGateCloses() {
		assertThatNoException().isThrownBy(() -> this.gate.checkOpen(null));
		assertThatNoException().isThrownBy(() -> this.gate.checkOpen("ex-1"));
		assertThat(this.gate.isClosed()).isFalse();
		this.gate.close();
		assertThat(this.gate.isClosed()).isTrue();
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> this.gate.checkOpen(null))
			.satisfies((ex) -> assertThat(ex.getClientName()).isEqualTo("test"));
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> this.gate.checkOpen("ex-1"));
	}

	@Test
	void anExchangeThatGaveAConnectionBackWhileDrainingMayLeaseAgain() {
		this.gate.close();
		this.gate.released("ex-1");
		this.gate.released(null);
		assertThatNoException().isThrownBy(() -> this.gate.checkOpen("ex-1"));
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> this.gate.checkOpen("ex-2"));
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> this.gate.checkOpen(null));
	}

	@Test
	void aConnectionGivenBackBeforeTheGateClosedGrantsNoLeaseAfterwards() {
		this.gate.released("ex-1");
		this.gate.close();
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> this.gate.checkOpen("ex-1"));
	}

	@Test
	void noExchangeLeasesOnceTheDrainIsOver() {
		this.gate.close();
		this.gate.released("ex-1");
		this.gate.drainOver();
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> this.gate.checkOpen("ex-1"));
		this.gate.released("ex-2");
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> this.gate.checkOpen("ex-2"));
	}

	@Test
	void theDrainEndingClosesTheGate() {
		this.gate.drainOver();
		assertThat(this.gate.isClosed()).isTrue();
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> this.gate.checkOpen(null));
	}

	@Test
	void aWaitingCallerIsTheOldestWaitUntilItGetsItsConnection() throws Exception {
		assertThat(this.gate.oldestWaitStart()).isNull();
		TestLease lease = new TestLease();
		Future<ConnectionEndpoint> caller = this.callers.submit(() -> this.gate.await("ex-1", lease, 42, LEASE_TIMEOUT));
		lease.awaitWaiting();
		assertThat(this.gate.oldestWaitStart()).isEqualTo(42L);
		lease.grant(this.endpoint);
		assertThat(caller.get(SAFETY_SECONDS, TimeUnit.SECONDS)).isSameAs(this.endpoint);
		assertThat(this.gate.oldestWaitStart()).isNull();
		assertThat(lease.cancelRequested()).isFalse();
	}

	@Test
	void aCallerWaitingWhenTheGateClosesFailsWithAShutdown() throws Exception {
		TestLease lease = new TestLease();
		Future<ConnectionEndpoint> caller = this.callers.submit(() -> this.gate.await(null, lease, 42, LEASE_TIMEOUT));
		lease.awaitWaiting();
		this.gate.close();
		assertThatExceptionOfType(ExecutionException.class)
			.isThrownBy(() -> caller.get(SAFETY_SECONDS, TimeUnit.SECONDS))
			.withCauseExactlyInstanceOf(ClientShuttingDownException.class);
		assertThat(lease.cancelRequested()).isTrue();
		assertThat(this.gate.oldestWaitStart()).isNull();
	}

	@Test
	void aCallerThatStartsWaitingAfterTheGateClosedFailsWithAShutdown() {
		this.gate.close();
		TestLease lease = new TestLease();
		assertThatExceptionOfType(ClientShuttingDownException.class)
			.isThrownBy(() -> this.gate.await(null, lease, 42, LEASE_TIMEOUT));
		assertThat(lease.cancelRequested()).isTrue();
		assertThat(this.gate.oldestWaitStart()).isNull();
	}

	@Test
	void anExchangeInFlightGetsItsLeaseWhileTheClientDrains() throws Exception {
		this.gate.close();
		this.gate.released("ex-1");
		TestLease lease = new TestLease();
		lease.grant(this.endpoint);
		assertThat(this.gate.await("ex-1", lease, 42, LEASE_TIMEOUT)).isSameAs(this.endpoint);
		assertThat(lease.cancelRequested()).isFalse();
	}

	@Test
	void aLeaseCancelledWhileTheGateIsOpenIsNotTakenForAShutdown() {
		TestLease lease = new TestLease();
		lease.cancel();
		assertThatExceptionOfType(CancellationException.class)
			.isThrownBy(() -> this.gate.await("ex-1", lease, 42, LEASE_TIMEOUT))
			.isExactlyInstanceOf(CancellationException.class);
		assertThat(this.gate.oldestWaitStart()).isNull();
	}

	@Test
	void theDrainEndsOnceNoConnectionIsLeased() throws Exception {
		AtomicInteger leased = new AtomicInteger(2);
		this.gate.close();
		Future<Boolean> drain = this.callers
			.submit(() -> this.gate.awaitReleased(leased::get, Duration.ofSeconds(SAFETY_SECONDS)));
		leased.set(1);
		this.gate.released("ex-1");
		leased.set(0);
		this.gate.released("ex-2");
		assertThat(drain.get(SAFETY_SECONDS, TimeUnit.SECONDS)).isTrue();
		assertThat(this.gate.awaitReleased(() -> 0, Duration.ZERO)).as("nothing leased to begin with").isTrue();
	}

	@Test
	void theDrainGivesUpOnceItsTimeoutHasPassed() {
		this.gate.close();
		assertThat(this.gate.awaitReleased(() -> 1, Duration.ZERO)).isFalse();
	}

	@Test
	void anInterruptedDrainTellsWhetherEveryConnectionCameBackAndKeepsTheInterrupt() {
		AtomicInteger reads = new AtomicInteger();
		Thread.currentThread().interrupt();
		try {
			// the second read, after the interrupt, finds every connection back
			assertThat(this.gate.awaitReleased(() -> (reads.incrementAndGet() == 1) ? 1 : 0,
					Duration.ofSeconds(SAFETY_SECONDS)))
				.isTrue();
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
			assertThat(this.gate.awaitReleased(() -> 1, Duration.ofSeconds(SAFETY_SECONDS))).isFalse();
			assertThat(Thread.currentThread().isInterrupted()).isTrue();
		}
		finally {
			Thread.interrupted();
		}
	}

	/**
	 * A lease that the test grants or that is cancelled, and that tells when its caller
	 * waits.
	 */
	private static final class TestLease implements LeaseRequest {

		private final CompletableFuture<ConnectionEndpoint> endpoint = new CompletableFuture<>();

		private final CountDownLatch waiting = new CountDownLatch(1);

		private final AtomicBoolean cancelRequested = new AtomicBoolean();

		@Override
		public ConnectionEndpoint get(Timeout timeout)
				throws InterruptedException, ExecutionException, TimeoutException {
			this.waiting.countDown();
			return this.endpoint.get(timeout.getDuration(), timeout.getTimeUnit());
		}

		@Override
		public boolean cancel() {
			this.cancelRequested.set(true);
			return this.endpoint.cancel(false);
		}

		void grant(ConnectionEndpoint endpoint) {
			this.endpoint.complete(endpoint);
		}

		boolean cancelRequested() {
			return this.cancelRequested.get();
		}

		void awaitWaiting() throws InterruptedException {
			assertThat(this.waiting.await(SAFETY_SECONDS, TimeUnit.SECONDS)).as("the caller waits").isTrue();
		}

	}

}
