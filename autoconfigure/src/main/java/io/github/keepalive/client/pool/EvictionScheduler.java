package io.github.keepalive.client.pool;

import java.io.Closeable;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

/**
 * Closes idle and expired connections of many pools from one daemon thread, each pool at
 * its own interval, and runs the pools' other periodic checks (leak detection) on the
 * same thread. The thread starts with the first task and stops when the last one is
 * gone, so an application runs one such thread however many clients it has, and none
 * once they are all closed.
 */
public final class EvictionScheduler {

	private static final Log logger = LogFactory.getLog(EvictionScheduler.class);

	private static final Duration MAX_INTERVAL = Duration.ofSeconds(5);

	private static final Duration MIN_INTERVAL = Duration.ofMillis(50);

	private @Nullable ScheduledThreadPoolExecutor executor;

	private int registrations;

	/**
	 * Evicts the given pool's connections idle for longer than the idle timeout, and those
	 * past their own life, checking at half the idle timeout or a tenth of the
	 * time-to-live jitter, whichever is shorter (between 50 ms and 5 s), so that the
	 * check does not bunch up again the expiries the jitter spread.
	 * @param pool the pool
	 * @param idleTimeout how long a connection may stay idle
	 * @param timeToLiveJitter the pool's time-to-live jitter
	 * @return a handle that stops the eviction when closed
	 */
	public Closeable schedule(ConnectionPool pool, Duration idleTimeout, Duration timeToLiveJitter) {
		TimeValue idle = TimeValue.ofMilliseconds(idleTimeout.toMillis());
		return schedule(() -> pool.closeIdle(idle), "evict idle connections", interval(idleTimeout, timeToLiveJitter));
	}

	/**
	 * Reports the given detector's leaks, checking at half its threshold (between 50 ms
	 * and 5 s), so that a leak is reported at most that long after it passed the
	 * threshold.
	 * @param leakDetector the detector
	 * @return a handle that stops the checks when closed
	 */
	public Closeable schedule(LeakDetector leakDetector) {
		return schedule(leakDetector::check, "check for leaked connections",
				interval(leakDetector.threshold(), Duration.ZERO));
	}

	private synchronized Closeable schedule(Runnable task, String what, Duration interval) {
		if (this.executor == null) {
			ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
				Thread thread = new Thread(runnable, "keepalive-evictor");
				thread.setDaemon(true);
				return thread;
			});
			executor.setRemoveOnCancelPolicy(true);
			this.executor = executor;
		}
		long millis = interval.toMillis();
		ScheduledFuture<?> scheduled = this.executor.scheduleWithFixedDelay(() -> {
			try {
				task.run();
			}
			catch (RuntimeException ex) {
				logger.debug("Failed to " + what, ex);
			}
		}, millis, millis, TimeUnit.MILLISECONDS);
		this.registrations++;
		return () -> cancel(scheduled);
	}

	private synchronized void cancel(ScheduledFuture<?> task) {
		if (!task.cancel(false) || this.executor == null) {
			return;
		}
		if (--this.registrations == 0) {
			this.executor.shutdown();
			try {
				this.executor.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.executor = null;
		}
	}

	static Duration interval(Duration period, Duration timeToLiveJitter) {
		Duration interval = period.dividedBy(2);
		Duration tenthOfJitter = timeToLiveJitter.dividedBy(10);
		if (!tenthOfJitter.isZero() && tenthOfJitter.compareTo(interval) < 0) {
			interval = tenthOfJitter;
		}
		if (interval.compareTo(MAX_INTERVAL) > 0) {
			return MAX_INTERVAL;
		}
		return (interval.compareTo(MIN_INTERVAL) < 0) ? MIN_INTERVAL : interval;
	}

}
