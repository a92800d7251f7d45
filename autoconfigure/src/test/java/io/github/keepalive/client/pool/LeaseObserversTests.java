package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/**
 * What the observers of a pool's leases are told of each wait, lease and release, and in
 * which order, on a clock of the test's own and HttpClient's pool without a socket.
 */
class LeaseObserversTests {

	private static final long MILLI = TimeUnit.MILLISECONDS.toNanos(1);

	// the leak detector reads System.nanoTime(): on a clock an hour behind it, every lease
	// it tracks is older than a zero threshold, and no adaptive window ever closes
	private final AtomicLong now = new AtomicLong(System.nanoTime() - TimeUnit.HOURS.toNanos(1));

	private final LeaseStatistics statistics = new LeaseStatistics(Duration.ofMinutes(15), this.now::get);

	private final List<String> completed = new CopyOnWriteArrayList<>();

	private final PoolListener listener = new PoolListener() {

		@Override
		public void leaseCompleted(long waitedNanos, LeaseOutcome outcome) {
			// what the statistics had counted when the listener heard of the wait
			LeaseObserversTests.this.completed.add(outcome + " after " + waitedNanos / MILLI + " ms, "
					+ LeaseObserversTests.this.statistics.summary().leases() + " counted");
		}

	};

	private final PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
		.setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
		.setMaxConnPerRoute(10)
		.build();

	private final HttpRoute route = new HttpRoute(new HttpHost("http", "example.com", 80));

	private final ConnectionEndpoint endpoint = mock(ConnectionEndpoint.class);

	@AfterEach
	void closePool() {
		this.pool.close();
	}

	@Test
	void eachWayAWaitEndsIsTimedOnTheStatisticsClockAndHeardOfOnceCounted() {
		LeaseObservers observers = new LeaseObservers(this.statistics, this.listener, null, null);
		RouteState state = routeState(null);
		long start = observers.waitStarted(state);
		assertThat(start).isEqualTo(this.now.get());
		assertThat(state.demand()).isOne();
		advanceMillis(3);
		assertThat(observers.waitEnded(state, start, LeaseOutcome.ACQUIRED, true)).isEqualTo(this.now.get());
		long next = observers.waitStarted(state);
		advanceMillis(5);
		observers.waitEnded(state, next, LeaseOutcome.TIMEOUT, false);
		assertThat(this.completed).containsExactly("ACQUIRED after 3 ms, 1 counted", "TIMEOUT after 5 ms, 1 counted");
		assertThat(state.demand()).as("the caller that timed out left").isOne();
		assertThat(this.statistics.summary().timeouts()).isOne();
	}

	@Test
	void aReleaseIsRecordedAsTheConnectionsHold() {
		LeaseObservers observers = new LeaseObservers(this.statistics, this.listener, null, null);
		RouteState state = routeState(null);
		LeasedEndpoint leased = lease(observers, state, "ex-1");
		advanceMillis(7);
		assertThat(observers.released(leased, observers.now())).as("no adaptive limit to exceed").isFalse();
		assertThat(this.statistics.summary().meanHold()).isEqualTo(Duration.ofMillis(7));
		assertThat(state.demand()).isZero();
	}

	@Test
	void withoutLeakDetectionALeaseKeepsNoOrigin() {
		LeaseObservers observers = new LeaseObservers(this.statistics, this.listener, null, null);
		LeasedEndpoint leased = observers.leased(this.endpoint, routeState(null), "ex-1", 42);
		assertThat(leased.endpoint()).isSameAs(this.endpoint);
		assertThat(leased.exchangeId()).isEqualTo("ex-1");
		assertThat(leased.leasedAtNanos()).isEqualTo(42);
		assertThat(leased.origin()).isNull();
		assertThat(observers.leaks()).isEmpty();
	}

	@Test
	void withLeakDetectionEachLeaseIsTrackedUntilItComesBack() {
		LeakDetector detector = new LeakDetector("test", Duration.ZERO, "leakDetectionThreshold", PoolListener.NONE);
		LeaseObservers observers = new LeaseObservers(this.statistics, this.listener, detector, null);
		LeasedEndpoint leased = lease(observers, routeState(null), "ex-1");
		assertThat(leased.origin()).isNotNull();
		assertThat(observers.leaks()).singleElement().satisfies((leak) -> {
			assertThat(leak.route()).isEqualTo(RouteNames.of(this.route));
			assertThat(leak.thread()).isEqualTo(Thread.currentThread().getName());
		});
		observers.released(leased, observers.now());
		assertThat(observers.leaks()).isEmpty();
	}

	@Test
	void aConnectionBeyondTheRoutesAdaptiveLimitIsToBeClosedOnRelease() {
		AdaptiveRouteLimits limits = adaptiveLimits();
		LeaseObservers observers = new LeaseObservers(this.statistics, this.listener, null, limits);
		RouteState state = routeState(limits.routeAdded(this.route));
		LeasedEndpoint first = lease(observers, state, "ex-1");
		LeasedEndpoint second = lease(observers, state, "ex-2");
		assertThat(observers.released(first, observers.now())).as("two held, the limit allows one").isTrue();
		assertThat(observers.released(second, observers.now())).isFalse();
	}

	@Test
	void aWaitThatGotNoConnectionHoldsNoneOfTheAdaptiveLimit() {
		AdaptiveRouteLimits limits = adaptiveLimits();
		LeaseObservers observers = new LeaseObservers(this.statistics, this.listener, null, limits);
		RouteState state = routeState(limits.routeAdded(this.route));
		long start = observers.waitStarted(state);
		observers.waitEnded(state, start, LeaseOutcome.TIMEOUT, false);
		LeasedEndpoint leased = lease(observers, state, "ex-2");
		assertThat(observers.released(leased, observers.now())).as("one held, as the limit allows").isFalse();
	}

	private AdaptiveRouteLimits adaptiveLimits() {
		return new AdaptiveRouteLimits(new AdaptiveRouteLimits.Settings("test", 1, AdaptiveLimitAlgorithm.DEFAULT),
				this.pool, new MaxPerHostLimits(Map.of()));
	}

	private RouteState routeState(@Nullable AdaptiveRouteLimit limit) {
		return new RouteState(this.route, limit, this.now.get());
	}

	private LeasedEndpoint lease(LeaseObservers observers, RouteState state, String exchangeId) {
		long start = observers.waitStarted(state);
		long leasedAt = observers.waitEnded(state, start, LeaseOutcome.ACQUIRED, true);
		return observers.leased(this.endpoint, state, exchangeId, leasedAt);
	}

	private void advanceMillis(long millis) {
		this.now.addAndGet(millis * MILLI);
	}

}
