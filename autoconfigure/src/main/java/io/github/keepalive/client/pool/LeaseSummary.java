package io.github.keepalive.client.pool;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * A pool's leases over a window.
 *
 * @param window how far back the figures reach (less right after start)
 * @param leases connections leased
 * @param timeouts callers that gave up waiting (lease timeout)
 * @param waitP99 the 99th percentile of the time callers waited, or {@code null} if none
 * waited; resolution about 20 %
 * @param maxWait the longest wait
 * @param meanHold how long a caller held a connection, on average, or {@code null}
 * @param peakLeased the most connections leased at once
 * @param peakDemand the most callers holding or waiting for a connection at once: the
 * concurrency the pool was asked for
 */
public record LeaseSummary(Duration window, long leases, long timeouts, @Nullable Duration waitP99, Duration maxWait,
		@Nullable Duration meanHold, int peakLeased, int peakDemand) {

	/**
	 * Leases per second over the window.
	 * @return the arrival rate
	 */
	public double leasesPerSecond() {
		double seconds = this.window.toNanos() / 1e9;
		return (seconds > 0) ? this.leases / seconds : 0;
	}

}
