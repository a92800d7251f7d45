package io.github.keepalive.client.pool;

import java.util.List;

import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * What watches a pool's leases without taking part in them: the {@link LeaseStatistics},
 * the route's {@link AdaptiveRouteLimit} if it has one, the {@link LeakDetector} when leak
 * detection is on, and the {@link PoolListener}, each told of a wait, a lease and a
 * release in a fixed order. The pool calls this final class through a final field, and
 * it calls each observer that is on directly: no list to walk, no allocation beyond the
 * endpoint the caller holds, nothing the JIT cannot inline.
 */
final class LeaseObservers {

	private final LeaseStatistics statistics;

	private final PoolListener listener;

	private final @Nullable LeakDetector leakDetector;

	private final @Nullable AdaptiveRouteLimits adaptiveLimits;

	/**
	 * Observers of one pool's leases.
	 * @param statistics where leases are recorded
	 * @param listener told of each wait's outcome
	 * @param leakDetector tracks every lease, or {@code null} for no leak detection
	 * @param adaptiveLimits the adaptive per-route limits, or {@code null} for fixed ones
	 */
	LeaseObservers(LeaseStatistics statistics, PoolListener listener, @Nullable LeakDetector leakDetector,
			@Nullable AdaptiveRouteLimits adaptiveLimits) {
		this.statistics = statistics;
		this.listener = listener;
		this.leakDetector = leakDetector;
		this.adaptiveLimits = adaptiveLimits;
	}

	/**
	 * A caller starts to wait for a connection.
	 * @param route the route it asks for
	 * @return when it started, on the statistics' clock
	 */
	long waitStarted(RouteState route) {
		long startNanos = this.statistics.now();
		this.statistics.waitStarted(route, startNanos);
		AdaptiveRouteLimit adaptiveLimit = route.adaptiveLimit();
		if (adaptiveLimit != null) {
			adaptiveLimit.waitStarted();
		}
		return startNanos;
	}

	/**
	 * The caller's wait ended, with a connection or without.
	 * @param route the route it asked for
	 * @param startNanos when it started to wait
	 * @param outcome how the wait ended
	 * @param acquired whether it holds a connection now
	 * @return when the wait ended: the moment of the lease, if it got one
	 */
	long waitEnded(RouteState route, long startNanos, LeaseOutcome outcome, boolean acquired) {
		long endNanos = this.statistics.waitEnded(route, startNanos, outcome);
		AdaptiveRouteLimit adaptiveLimit = route.adaptiveLimit();
		if (adaptiveLimit != null) {
			adaptiveLimit.waitEnded(acquired);
		}
		this.listener.leaseCompleted(endNanos - startNanos, outcome);
		return endNanos;
	}

	/**
	 * The endpoint the caller holds for the connection it got, tracked for leak detection
	 * when it is on.
	 * @param endpoint HttpClient's leased endpoint
	 * @param route the connection's route
	 * @param exchangeId HttpClient's id of the exchange
	 * @param leasedAtNanos when it was leased
	 * @return the caller's endpoint
	 */
	LeasedEndpoint leased(ConnectionEndpoint endpoint, RouteState route, @Nullable String exchangeId,
			long leasedAtNanos) {
		LeakDetector leakDetector = this.leakDetector;
		return (leakDetector != null) ? leakDetector.track(endpoint, route, exchangeId, leasedAtNanos)
				: new LeasedEndpoint(endpoint, route, exchangeId, leasedAtNanos, null);
	}

	/**
	 * A caller gives its connection back.
	 * @param leased the endpoint it held
	 * @param now now, on the statistics' clock
	 * @return whether the connection is to be closed rather than pooled: its route holds
	 * more connections than its adaptive limit allows since the limit came down
	 */
	boolean released(LeasedEndpoint leased, long now) {
		RouteState route = leased.routeState();
		this.statistics.released(route, leased.leasedAtNanos(), now);
		if (this.leakDetector != null) {
			this.leakDetector.released(leased);
		}
		AdaptiveRouteLimit adaptiveLimit = route.adaptiveLimit();
		// the round trip as the limit sees it: opening a connection is not queueing
		return adaptiveLimit != null && this.adaptiveLimits != null && this.adaptiveLimits.released(adaptiveLimit,
				Math.max(0, now - leased.leasedAtNanos() - leased.connectNanos()), now);
	}

	/**
	 * Now, on the statistics' clock: read once per release, for everything it records.
	 * @return now, in {@link System#nanoTime()} terms
	 */
	long now() {
		return this.statistics.now();
	}

	/**
	 * The recorded leases.
	 * @return the lease statistics
	 */
	LeaseStatistics statistics() {
		return this.statistics;
	}

	/**
	 * The leases held for longer than the leak-detection threshold now, oldest first.
	 * @return the leases, none if leak detection is off
	 */
	List<LeakedLease> leaks() {
		return (this.leakDetector != null) ? this.leakDetector.leaks() : List.of();
	}

}
