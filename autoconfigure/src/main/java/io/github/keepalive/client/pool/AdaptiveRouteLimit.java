package io.github.keepalive.client.pool;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;

import com.netflix.concurrency.limits.Limit;
import org.apache.hc.client5.http.HttpRoute;

/**
 * The adaptive limit of one route. Callers record what they see on the request path
 * (a wait starts, a lease is granted, a connection comes back after being held so long);
 * once a window has passed, the releasing caller that takes the update lock turns the
 * window into one sample for the limit algorithm (the mean hold time, and the most
 * callers that held or waited for a connection at once) and applies the algorithm's new
 * limit. Only windows in which every connection the limit allows was in use at some
 * point count: otherwise the limit held no caller back, and the window says nothing
 * about whether a higher or lower one would do better. Recording costs a few atomic
 * operations; the update runs about ten times a second per busy route.
 */
final class AdaptiveRouteLimit {

	/** The shortest window: long enough to average a few hundred samples on a busy route. */
	static final long WINDOW_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

	/** The fewest samples a window needs, so that one slow exchange does not move the limit. */
	static final int WINDOW_SAMPLES = 10;

	private final AtomicInteger leased = new AtomicInteger();

	private final AtomicInteger waiting = new AtomicInteger();

	private final AtomicInteger peakDemand = new AtomicInteger();

	private final LongAdder holds = new LongAdder();

	private final LongAdder holdNanos = new LongAdder();

	private final ReentrantLock updating = new ReentrantLock();

	private final HttpRoute route;

	private final AdaptiveLimitAlgorithm algorithm;

	private final int floor;

	private volatile long windowStart;

	private volatile int limit;

	// guarded by updating
	private int ceiling;

	// guarded by updating
	private Limit estimate;

	// guarded by updating: for the log, the lowest mean round trip of a window
	private long lowestRoundTripNanos = Long.MAX_VALUE;

	AdaptiveRouteLimit(HttpRoute route, AdaptiveLimitAlgorithm algorithm, int floor, int ceiling, long now) {
		this.route = route;
		this.algorithm = algorithm;
		this.floor = floor;
		this.ceiling = ceiling;
		this.limit = Math.min(floor, ceiling);
		this.estimate = algorithm.create(this.limit, Math.min(floor, ceiling), ceiling);
		this.windowStart = now;
	}

	/**
	 * The limit now.
	 * @return the limit
	 */
	int limit() {
		return this.limit;
	}

	/**
	 * A caller starts to wait for a connection of this route.
	 */
	void waitStarted() {
		int demand = this.waiting.incrementAndGet() + this.leased.get();
		Peaks.raise(this.peakDemand, demand);
	}

	/**
	 * The caller got a connection, or gave up.
	 * @param acquired whether it got one
	 */
	void waitEnded(boolean acquired) {
		if (acquired) {
			this.leased.incrementAndGet();
		}
		this.waiting.decrementAndGet();
	}

	/**
	 * A caller gave its connection back.
	 * @param heldNanos how long it held it: the round trip of its exchange
	 * @param now now, in {@link System#nanoTime()} terms
	 * @param change where a new limit goes, if this release closes a window
	 * @return whether the route holds more connections than its limit allows, so that this
	 * one should be closed rather than pooled
	 */
	boolean released(long heldNanos, long now, LimitChange change) {
		int held = this.leased.getAndDecrement();
		this.holds.increment();
		this.holdNanos.add(heldNanos);
		if (now - this.windowStart >= WINDOW_NANOS && this.updating.tryLock()) {
			try {
				update(now, change);
			}
			finally {
				this.updating.unlock();
			}
		}
		return held > this.limit;
	}

	private void update(long now, LimitChange change) {
		if (now - this.windowStart < WINDOW_NANOS || this.holds.sum() < WINDOW_SAMPLES) {
			return;
		}
		long samples = this.holds.sumThenReset();
		long meanNanos = Math.max(1, this.holdNanos.sumThenReset() / Math.max(1, samples));
		int demand = this.peakDemand.getAndSet(this.waiting.get() + this.leased.get());
		long start = this.windowStart;
		this.windowStart = now;
		if (demand < this.limit) {
			// the limit never held a caller back: the window says nothing about a better one
			return;
		}
		this.estimate.onSample(start, meanNanos, demand, false);
		this.lowestRoundTripNanos = Math.min(this.lowestRoundTripNanos, meanNanos);
		apply(this.estimate.getLimit(), change, meanNanos, demand);
	}

	/**
	 * The pool's per-route maximum changed (a resize): it is the new ceiling, and the
	 * algorithm starts again from the limit now, within the new bounds.
	 * @param ceiling the new ceiling
	 * @param change where a new limit goes
	 */
	void ceilingChanged(int ceiling, LimitChange change) {
		this.updating.lock();
		try {
			this.ceiling = ceiling;
			int floor = Math.min(this.floor, ceiling);
			this.estimate = this.algorithm.create(Math.max(floor, Math.min(this.limit, ceiling)), floor, ceiling);
			apply(this.estimate.getLimit(), change, 0, 0);
		}
		finally {
			this.updating.unlock();
		}
	}

	private void apply(int estimated, LimitChange change, long meanNanos, int demand) {
		int next = Math.max(Math.min(this.floor, this.ceiling), Math.min(this.ceiling, estimated));
		int previous = this.limit;
		if (next != previous) {
			this.limit = next;
			change.changed(this.route, previous, next, meanNanos, this.lowestRoundTripNanos, demand);
		}
	}

	/**
	 * Where a route's new limit goes.
	 */
	@FunctionalInterface
	interface LimitChange {

		/**
		 * The limit changed.
		 * @param route the route
		 * @param previous the limit before
		 * @param limit the new limit
		 * @param meanNanos the mean round trip of the window that changed it, 0 if none
		 * @param lowestNanos the lowest mean round trip of a window so far
		 * @param demand the most callers that held or waited for a connection at once in
		 * the window
		 */
		void changed(HttpRoute route, int previous, int limit, long meanNanos, long lowestNanos, int demand);

	}

}
