package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.ConnectionTally;
import io.github.keepalive.client.connection.InstrumentedConnectionFactory;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * What a pool's usage reads, on a clock of the test's own and HttpClient's pool without
 * a socket: its connections in total and per route, and the longest current wait.
 */
class PoolUsageReaderTests {

	// a safety net only: nothing asserted depends on how long anything takes
	private static final long SAFETY_SECONDS = 30;

	private static final Timeout LEASE_TIMEOUT = Timeout.ofSeconds(SAFETY_SECONDS);

	private static final long WAIT_START = 5_000_000_000L;

	private final AtomicLong now = new AtomicLong(WAIT_START);

	private final PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
		.setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
		.setMaxConnTotal(20)
		.setMaxConnPerRoute(4)
		.build();

	private final ConnectionTally connections = new InstrumentedConnectionFactory(PoolListener.NONE,
			ConnectionLifePolicy.fixed(Duration.ofMinutes(1)), () -> false)
		.tally();

	private final LeaseGate gate = new LeaseGate("test");

	private final PoolUsageReader reader = new PoolUsageReader(this.pool, this.connections, this.gate, this.now::get);

	private final ExecutorService callers = Executors.newSingleThreadExecutor();

	@AfterEach
	void close() throws InterruptedException {
		this.callers.shutdownNow();
		assertThat(this.callers.awaitTermination(SAFETY_SECONDS, TimeUnit.SECONDS)).isTrue();
		this.pool.close();
	}

	@Test
	void readsTheConnectionsInTotalAndPerRouteByRouteName() throws Exception {
		HttpRoute route = route("example.com", 80);
		HttpRoute other = route("example.org", 8080);
		lease(route);
		lease(other);
		lease(other);
		this.pool.setMaxPerRoute(other, 2);
		PoolSnapshot snapshot = this.reader.snapshot();
		assertThat(snapshot.total()).isEqualTo(new PoolUsage(3, 0, 0, 20));
		assertThat(snapshot.routes()).containsOnlyKeys(RouteNames.of(route), RouteNames.of(other));
		assertThat(snapshot.routes().get(RouteNames.of(route))).isEqualTo(new PoolUsage(1, 0, 0, 4));
		assertThat(snapshot.routes().get(RouteNames.of(other))).isEqualTo(new PoolUsage(2, 0, 0, 2));
		assertThat(this.reader.usage(other)).isEqualTo(new PoolUsage(2, 0, 0, 2));
		assertThat(this.reader.total()).isEqualTo(snapshot.total());
		assertThat(snapshot.oldestWait()).as("no caller waits").isNull();
		assertThat(this.reader.connections()).isSameAs(this.connections);
	}

	@Test
	void theLongestWaitIsTheOldestWaitingCallersOnTheClockAndNeverNegative() throws Exception {
		CountDownLatch waiting = new CountDownLatch(1);
		CountDownLatch granted = new CountDownLatch(1);
		ConnectionEndpoint endpoint = mock(ConnectionEndpoint.class);
		LeaseRequest lease = mock(LeaseRequest.class);
		given(lease.get(any())).willAnswer((invocation) -> {
			waiting.countDown();
			granted.await(SAFETY_SECONDS, TimeUnit.SECONDS);
			return endpoint;
		});
		Future<ConnectionEndpoint> caller = this.callers
			.submit(() -> this.gate.await("ex-1", lease, WAIT_START, LEASE_TIMEOUT));
		assertThat(waiting.await(SAFETY_SECONDS, TimeUnit.SECONDS)).isTrue();
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(250));
		assertThat(this.reader.snapshot().oldestWait()).isEqualTo(Duration.ofMillis(250));
		this.now.set(WAIT_START - 1);
		assertThat(this.reader.snapshot().oldestWait()).as("a clock behind the start").isZero();
		granted.countDown();
		assertThat(caller.get(SAFETY_SECONDS, TimeUnit.SECONDS)).isSameAs(endpoint);
		assertThat(this.reader.snapshot().oldestWait()).isNull();
	}

	private void lease(HttpRoute route) throws Exception {
		// leased, never connected: the pool counts it all the same
		this.pool.lease("ex", route, LEASE_TIMEOUT, null).get(LEASE_TIMEOUT);
	}

	private static HttpRoute route(String host, int port) {
		return new HttpRoute(new HttpHost("http", host, port));
	}

}
