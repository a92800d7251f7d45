package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.InstrumentedConnectionManagerBuilder;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The pool's own rules on real loopback connections: how each wait for a lease ends, who
 * may lease while the client drains, which routes it remembers, and what part of a lease
 * the adaptive limit counts as the round trip.
 */
class ConnectionPoolTests {

	private static final Timeout LEASE_TIMEOUT = Timeout.ofSeconds(10);

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private final List<LeaseOutcome> outcomes = new CopyOnWriteArrayList<>();

	private final AtomicLong nanoTime = new AtomicLong(System.nanoTime());

	private final LeaseStatistics leases = new LeaseStatistics(Duration.ofMinutes(15), this.nanoTime::get);

	private ConnectionPool pool;

	@AfterEach
	void close() throws InterruptedException {
		this.callers.shutdownNow();
		assertThat(this.callers.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
		if (this.pool != null) {
			this.pool.close();
		}
	}

	private ConnectionPool pool(int maxPerRoute) {
		InstrumentedConnectionManagerBuilder builder = new InstrumentedConnectionManagerBuilder();
		builder.setMaxConnPerRoute(maxPerRoute).setMaxConnTotal(100);
		this.pool = new ConnectionPool("test", builder,
				ConnectionLifePolicy.fixed(Duration.ofMinutes(5)), Map.of(), this.leases,
				new PoolListener() {

					@Override
					public void leaseCompleted(long waitedNanos, LeaseOutcome outcome) {
						ConnectionPoolTests.this.outcomes.add(outcome);
					}

				}, null, null);
		return this.pool;
	}

	private HttpRoute route() {
		return new HttpRoute(new HttpHost("http", "127.0.0.1", this.server.getPort()));
	}

	private ConnectionEndpoint lease(String exchangeId, Timeout timeout) throws Exception {
		return this.pool.lease(exchangeId, route(), timeout, null).get(timeout);
	}

	private ConnectionEndpoint leaseConnected(String exchangeId) throws Exception {
		ConnectionEndpoint endpoint = lease(exchangeId, LEASE_TIMEOUT);
		if (!endpoint.isConnected()) {
			this.pool.connect(endpoint, TimeValue.ofSeconds(5), HttpClientContext.create());
		}
		return endpoint;
	}

	private void release(ConnectionEndpoint endpoint) {
		this.pool.release(endpoint, null, TimeValue.ofMinutes(1));
	}

	@Test
	void eachWayAWaitEndsHasItsOutcomeAndOnlyATimeoutCountsAsGivingUp() throws Exception {
		pool(1);
		ConnectionEndpoint held = leaseConnected("ex-1");
		assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> lease("ex-2", Timeout.ofMilliseconds(50)));
		LeaseRequest cancelled = this.pool.lease("ex-3", route(), LEASE_TIMEOUT, null);
		Future<ConnectionEndpoint> cancelledWait = this.callers.submit(() -> cancelled.get(LEASE_TIMEOUT));
		awaitWaiting();
		cancelled.cancel();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(cancelledWait::get);
		Future<ConnectionEndpoint> interruptedWait = this.callers.submit(() -> lease("ex-4", LEASE_TIMEOUT));
		awaitWaiting();
		interruptedWait.cancel(true);
		assertThat(LoopbackHttpServer.await(() -> this.outcomes.size() == 4, Duration.ofSeconds(10))).isTrue();
		assertThat(this.outcomes).containsExactly(LeaseOutcome.ACQUIRED, LeaseOutcome.TIMEOUT, LeaseOutcome.CANCELLED,
				LeaseOutcome.INTERRUPTED);
		release(held);
		LeaseSummary summary = this.leases.summary();
		assertThat(summary.leases()).isEqualTo(1);
		assertThat(summary.timeouts()).as("only the timeout gave up").isEqualTo(1);
	}

	@Test
	void aCallerWaitingWhenTheShutdownStartsEndsWithTheShutdownOutcome() throws Exception {
		pool(1);
		ConnectionEndpoint held = leaseConnected("ex-1");
		Future<ConnectionEndpoint> waiting = this.callers.submit(() -> lease("ex-2", LEASE_TIMEOUT));
		awaitWaiting();
		this.pool.startShutdown();
		assertThatExceptionOfType(ExecutionException.class).isThrownBy(waiting::get)
			.withCauseInstanceOf(ClientShuttingDownException.class);
		release(held);
		assertThat(this.outcomes).containsExactly(LeaseOutcome.ACQUIRED, LeaseOutcome.SHUTDOWN);
		assertThat(this.leases.summary().timeouts()).isZero();
	}

	@Test
	void whileDrainingAnExchangeInFlightLeasesAgainAndANewOneDoesNot() throws Exception {
		pool(5);
		ConnectionEndpoint first = leaseConnected("ex-1");
		this.pool.startShutdown();
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> lease("ex-2", LEASE_TIMEOUT));
		// a redirect: the exchange gives its connection back and leases again
		release(first);
		ConnectionEndpoint second = lease("ex-1", LEASE_TIMEOUT);
		assertThat(second.isConnected()).as("the same pooled connection").isTrue();
		release(second);
		assertThatExceptionOfType(ClientShuttingDownException.class).isThrownBy(() -> lease("ex-3", LEASE_TIMEOUT));
		assertThat(this.pool.awaitReleased(Duration.ofSeconds(5))).isTrue();
		assertAcceptedOneConnection();
		this.pool.close();
		assertThatExceptionOfType(ClientShuttingDownException.class).as("the drain is over")
			.isThrownBy(() -> lease("ex-1", LEASE_TIMEOUT));
	}

	@Test
	void routesWithoutConnectionsAreForgottenOnceUnusedForLong() throws Exception {
		pool(5);
		ConnectionEndpoint endpoint = leaseConnected("ex-1");
		release(endpoint);
		assertThat(this.pool.routes().known()).containsExactly(route());
		this.nanoTime.addAndGet(PoolRoutes.ROUTE_EXPIRY.toNanos() + TimeUnit.SECONDS.toNanos(2));
		this.pool.routes().forgetUnused(PoolRoutes.ROUTE_EXPIRY.toNanos());
		assertThat(this.pool.routes().known()).as("it still holds an idle connection").containsExactly(route());
		this.pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
		assertThat(this.pool.routes().known()).isEmpty();
		// used again, it is known again
		release(leaseConnected("ex-2"));
		assertThat(this.pool.routes().known()).containsExactly(route());
	}

	@Test
	void knownRoutesAreBounded() throws Exception {
		pool(5);
		for (int port = 1; port <= PoolRoutes.MAX_ROUTES + 5; port++) {
			// leased, never connected: a route needs no server to be known
			HttpRoute route = new HttpRoute(new HttpHost("http", "127.0.0.1", port));
			this.pool.release(this.pool.lease("ex-" + port, route, LEASE_TIMEOUT, null).get(LEASE_TIMEOUT), null,
					TimeValue.ZERO_MILLISECONDS);
		}
		assertThat(this.pool.routes().known()).hasSize(PoolRoutes.MAX_ROUTES);
		this.nanoTime.addAndGet(TimeUnit.SECONDS.toNanos(2));
		this.pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
		assertThat(this.pool.routes().known()).as("a full pool forgets unused routes at once").isEmpty();
	}

	@Test
	void openingAConnectionIsNotPartOfTheRoundTripTheAdaptiveLimitSees() throws Exception {
		pool(5);
		LeasedEndpoint opened = (LeasedEndpoint) leaseConnected("ex-1");
		assertThat(opened.connectNanos()).as("connect time recorded").isPositive();
		release(opened);
		LeasedEndpoint reused = (LeasedEndpoint) leaseConnected("ex-2");
		assertThat(reused.connectNanos()).as("a pooled connection opens nothing").isZero();
		release(reused);
		assertAcceptedOneConnection();
	}

	private void assertAcceptedOneConnection() {
		// the server counts a connection once its accepting thread took it
		assertThat(LoopbackHttpServer.await(() -> this.server.acceptedConnections() >= 1, Duration.ofSeconds(10)))
			.isTrue();
		assertThat(this.server.acceptedConnections()).isEqualTo(1);
	}

	private void awaitWaiting() {
		// a caller shows in the pool's longest wait once it waits for its lease
		assertThat(LoopbackHttpServer.await(() -> this.pool.snapshot().oldestWait() != null, Duration.ofSeconds(10)))
			.as("a caller waiting")
			.isTrue();
	}

}
