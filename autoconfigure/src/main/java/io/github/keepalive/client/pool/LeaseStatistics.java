package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * What a pool's callers went through: how long they waited for a connection and how each
 * wait ended, how long they held it and how many held or waited for one at once, in total
 * and per route, over a sliding window. Recording a lease and its release costs one atomic
 * add on a counter of callers in flight per step and a few striped (uncontended) counters;
 * what only matters when callers wait (the route's demand, the histogram of waits) is
 * recorded only for a wait that took time. Reading sums the window's slices.
 */
public final class LeaseStatistics {

	/** The default window. */
	public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

	private static final int SLICES = 15;

	// shorter waits are not worth a route's figures: they say nothing about the pool's size
	static final long ROUTE_WAIT_RECORDED_NANOS = 1_000_000;

	private static final long LEASED = 1L << 32;

	private static final long WAITING = 1;

	private final LeaseWindow window;

	private final LongSupplier nanoTime;

	// callers holding a connection in the high half, callers waiting in the low half: one
	// atomic add per step keeps both, and their sum (the demand), exact
	private final AtomicLong inFlight = new AtomicLong();

	/**
	 * Statistics over the default window.
	 */
	public LeaseStatistics() {
		this(DEFAULT_WINDOW);
	}

	/**
	 * Statistics over the given window.
	 * @param window how far back the statistics reach
	 */
	public LeaseStatistics(Duration window) {
		this(window, System::nanoTime);
	}

	LeaseStatistics(Duration window, LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
		this.window = new LeaseWindow(window, SLICES, nanoTime.getAsLong());
	}

	/**
	 * Now, on the statistics' clock.
	 * @return now, in {@link System#nanoTime()} terms
	 */
	long now() {
		return this.nanoTime.getAsLong();
	}

	/**
	 * A caller starts to wait for a connection.
	 * @param route the route it asks for
	 * @param now now
	 */
	void waitStarted(RouteState route, long now) {
		route.waitStarted(now);
		long inFlight = this.inFlight.addAndGet(WAITING);
		// callers holding or waiting for a connection: the concurrency the pool is asked for
		this.window.current(now).recordDemand(leased(inFlight) + waiting(inFlight));
	}

	/**
	 * The caller got a connection, or its wait ended otherwise.
	 * @param route the route it asked for
	 * @param startNanos when it started to wait
	 * @param outcome how the wait ended
	 * @return when it ended
	 */
	long waitEnded(RouteState route, long startNanos, LeaseOutcome outcome) {
		long now = now();
		boolean acquired = outcome == LeaseOutcome.ACQUIRED;
		long inFlight = this.inFlight.addAndGet(acquired ? LEASED - WAITING : -WAITING);
		if (!acquired) {
			route.left();
		}
		long waited = now - startNanos;
		LeaseWindow.Slice slice = this.window.current(now);
		slice.recordWait(waited, outcome, leased(inFlight));
		if (waited >= ROUTE_WAIT_RECORDED_NANOS) {
			slice.recordRouteWait(route.route(), waited, route.demand() + (acquired ? 0 : 1));
		}
		return now;
	}

	/**
	 * A caller gave its connection back.
	 * @param route the connection's route
	 * @param leasedAtNanos when it got it
	 * @param now now, as the pool read it for everything the release records
	 */
	void released(RouteState route, long leasedAtNanos, long now) {
		this.inFlight.addAndGet(-LEASED);
		route.left();
		this.window.current(now).recordHold(now - leasedAtNanos);
	}

	private static int leased(long inFlight) {
		return (int) (inFlight >>> 32);
	}

	private static int waiting(long inFlight) {
		return (int) inFlight;
	}

	/**
	 * The window's figures.
	 * @return the summary
	 */
	public LeaseSummary summary() {
		return this.window.summarize(now());
	}

}
