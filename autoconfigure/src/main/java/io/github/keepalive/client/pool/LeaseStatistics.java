package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.HttpRoute;
import org.jspecify.annotations.Nullable;

/**
 * What a pool's callers went through: how long they waited for a connection, how long
 * they held it and how many held one at once, in total and per route, over a sliding
 * window; and which callers are waiting right now. Recording costs a few atomic
 * operations and two map look-ups per lease; reading sums the window's slices.
 */
public final class LeaseStatistics {

	/** The default window. */
	public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

	private static final int SLICES = 15;

	// a client calling URLs built from user input must not grow the statistics without bound
	private static final int MAX_ROUTES = 1000;

	// shorter waits are not worth a look-up per route: they say nothing about the pool's size
	private static final long ROUTE_WAIT_RECORDED_NANOS = 1_000_000;

	private final LeaseWindow window;

	private final Set<Wait> waiting = ConcurrentHashMap.newKeySet();

	private final AtomicInteger leased = new AtomicInteger();

	private final Map<HttpRoute, AtomicInteger> routeDemand = new ConcurrentHashMap<>();

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
		this.window = new LeaseWindow(window, SLICES);
	}

	/**
	 * A caller starts to wait for a connection.
	 * @param route the route it asks for
	 * @return the wait, to be passed to {@link #waitEnded}
	 */
	Wait waitStarted(HttpRoute route) {
		long now = System.nanoTime();
		AtomicInteger routeDemand = routeDemand(route);
		Wait wait = new Wait(now, route, routeDemand);
		this.waiting.add(wait);
		// callers holding or waiting for a connection: the concurrency the pool is asked for
		LeaseWindow.Slice slice = this.window.current(now);
		slice.recordDemand(this.leased.get() + this.waiting.size());
		if (routeDemand != null) {
			slice.recordRouteDemand(route, routeDemand.incrementAndGet());
		}
		return wait;
	}

	private @Nullable AtomicInteger routeDemand(HttpRoute route) {
		AtomicInteger demand = this.routeDemand.get(route);
		if (demand != null || this.routeDemand.size() >= MAX_ROUTES) {
			return demand;
		}
		return this.routeDemand.computeIfAbsent(route, (key) -> new AtomicInteger());
	}

	/**
	 * The caller got a connection, or gave up.
	 * @param wait the wait
	 * @param acquired whether it got a connection
	 * @return when it ended, in {@link System#nanoTime()} terms
	 */
	long waitEnded(Wait wait, boolean acquired) {
		this.waiting.remove(wait);
		long now = System.nanoTime();
		int inUse = acquired ? this.leased.incrementAndGet() : this.leased.get();
		if (!acquired && wait.routeDemand != null) {
			wait.routeDemand.decrementAndGet();
		}
		long waited = now - wait.startNanos;
		LeaseWindow.Slice slice = this.window.current(now);
		slice.recordWait(waited, acquired, inUse);
		if (waited >= ROUTE_WAIT_RECORDED_NANOS && wait.routeDemand != null) {
			slice.recordRouteWait(wait.route, waited);
		}
		return now;
	}

	/**
	 * A caller gave its connection back.
	 * @param route the connection's route
	 * @param leasedAtNanos when it got it
	 */
	void released(HttpRoute route, long leasedAtNanos) {
		this.leased.decrementAndGet();
		AtomicInteger routeDemand = this.routeDemand.get(route);
		if (routeDemand != null) {
			routeDemand.decrementAndGet();
		}
		long now = System.nanoTime();
		this.window.current(now).recordHold(now - leasedAtNanos);
	}

	/**
	 * How long the caller that has waited longest has been waiting.
	 * @return the wait, or {@code null} if no caller is waiting
	 */
	public @Nullable Duration oldestWait() {
		long oldest = Long.MAX_VALUE;
		boolean any = false;
		for (Wait wait : this.waiting) {
			if (!any || wait.startNanos - oldest < 0) {
				oldest = wait.startNanos;
				any = true;
			}
		}
		return any ? Duration.ofNanos(Math.max(0, System.nanoTime() - oldest)) : null;
	}

	/**
	 * The window's figures.
	 * @return the summary
	 */
	public LeaseSummary summary() {
		return this.window.summarize(System.nanoTime());
	}

	/**
	 * One caller's wait for a connection; identity matters, not value.
	 */
	static final class Wait {

		private final long startNanos;

		private final HttpRoute route;

		private final @Nullable AtomicInteger routeDemand;

		Wait(long startNanos, HttpRoute route, @Nullable AtomicInteger routeDemand) {
			this.startNanos = startNanos;
			this.route = route;
			this.routeDemand = routeDemand;
		}

		long startNanos() {
			return this.startNanos;
		}

	}

}
