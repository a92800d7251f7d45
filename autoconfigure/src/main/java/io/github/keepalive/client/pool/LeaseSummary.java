package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.Map;

import org.apache.hc.client5.http.HttpRoute;
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
 * @param routes the figures of each route
 */
public record LeaseSummary(Duration window, long leases, long timeouts, @Nullable Duration waitP99, Duration maxWait,
		@Nullable Duration meanHold, int peakLeased, int peakDemand, Map<HttpRoute, RouteLeases> routes) {

	public LeaseSummary {
		routes = Map.copyOf(routes);
	}

	/**
	 * Leases per second over the window.
	 * @return the arrival rate
	 */
	public double leasesPerSecond() {
		double seconds = this.window.toNanos() / 1e9;
		return (seconds > 0) ? this.leases / seconds : 0;
	}

	/**
	 * The connections busy on average over the window, by Little's law: leases per second
	 * times the mean hold time.
	 * @return the mean concurrency, 0 if no connection was released yet
	 */
	public double meanConcurrency() {
		return (this.meanHold != null) ? leasesPerSecond() * this.meanHold.toNanos() / 1e9 : 0;
	}

	/**
	 * One route's leases over the window.
	 *
	 * @param peakDemand the most callers holding or waiting for a connection of the route
	 * at once
	 * @param maxWait the longest wait for a connection of the route (waits under a
	 * millisecond are not recorded per route)
	 */
	public record RouteLeases(int peakDemand, Duration maxWait) {
	}

}
