package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

import io.github.keepalive.client.connection.ConnectionTally;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;

/**
 * Reads what a pool holds now, for the endpoint, the metrics and the message of an
 * exhausted pool: its connections in total and per route (from HttpClient's pool), how
 * long the caller waiting longest has waited (from the {@link LeaseGate}), and how many
 * connections it established and failed to. Not for the request path: a read of the
 * usage takes the lock of HttpClient's pool.
 */
final class PoolUsageReader {

	private final PoolingHttpClientConnectionManager pool;

	private final ConnectionTally connections;

	private final LeaseGate gate;

	private final LongSupplier nanoTime;

	/**
	 * A reader of the given pool.
	 * @param pool HttpClient's pool
	 * @param connections the connections its connection factory counts
	 * @param gate the gate its callers wait at
	 * @param nanoTime the clock the waits are timed with
	 */
	PoolUsageReader(PoolingHttpClientConnectionManager pool, ConnectionTally connections, LeaseGate gate,
			LongSupplier nanoTime) {
		this.pool = pool;
		this.connections = connections;
		this.gate = gate;
		this.nanoTime = nanoTime;
	}

	/**
	 * The pool now: in total, per route, and the longest current wait.
	 * @return the snapshot
	 */
	PoolSnapshot snapshot() {
		Map<String, PoolUsage> routes = new LinkedHashMap<>();
		for (HttpRoute route : this.pool.getRoutes()) {
			routes.put(RouteNames.of(route), usage(route));
		}
		Long oldestWaitStart = this.gate.oldestWaitStart();
		Duration oldestWait = (oldestWaitStart != null)
				? Duration.ofNanos(Math.max(0, this.nanoTime.getAsLong() - oldestWaitStart)) : null;
		return new PoolSnapshot(total(), routes, oldestWait);
	}

	/**
	 * One route's connections now.
	 * @param route the route
	 * @return its usage
	 */
	PoolUsage usage(HttpRoute route) {
		return PoolUsage.of(this.pool.getStats(route));
	}

	/**
	 * The pool's connections across all routes now.
	 * @return the usage
	 */
	PoolUsage total() {
		return PoolUsage.of(this.pool.getTotalStats());
	}

	/**
	 * The connections the pool established and failed to.
	 * @return the tally
	 */
	ConnectionTally connections() {
		return this.connections;
	}

}
