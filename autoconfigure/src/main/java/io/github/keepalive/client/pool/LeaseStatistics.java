package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

/**
 * What a pool's callers went through: how long they waited for a connection, how long
 * they held it and how many held one at once, over a sliding window; and which callers
 * are waiting right now. Recording costs a few atomic operations per lease; reading sums
 * the window's slices.
 */
public final class LeaseStatistics {

	/** The default window. */
	public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(15);

	private static final int SLICES = 15;

	private final LeaseWindow window;

	private final Set<Wait> waiting = ConcurrentHashMap.newKeySet();

	private final AtomicInteger leased = new AtomicInteger();

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
	 * @return the wait, to be passed to {@link #waitEnded}
	 */
	Wait waitStarted() {
		long now = System.nanoTime();
		Wait wait = new Wait(now);
		this.waiting.add(wait);
		// callers holding or waiting for a connection: the concurrency the pool is asked for
		this.window.current(now).recordDemand(this.leased.get() + this.waiting.size());
		return wait;
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
		this.window.current(now).recordWait(now - wait.startNanos, acquired, inUse);
		return now;
	}

	/**
	 * A caller gave its connection back.
	 * @param leasedAtNanos when it got it
	 */
	void released(long leasedAtNanos) {
		this.leased.decrementAndGet();
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

		Wait(long startNanos) {
			this.startNanos = startNanos;
		}

		long startNanos() {
			return this.startNanos;
		}

	}

}
