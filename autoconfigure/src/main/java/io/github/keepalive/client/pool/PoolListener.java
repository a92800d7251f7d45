package io.github.keepalive.client.pool;

import java.time.Duration;

import io.github.keepalive.client.connection.ConnectionListener;
import org.apache.hc.client5.http.HttpRoute;

/**
 * Told of a pool's leases and routes, and of its connections' lives. The pool and its
 * connections call it directly on the request path, some calls inside HttpClient's pool
 * lock: it must be fast and never throw.
 */
public interface PoolListener extends ConnectionListener {

	/** A listener that ignores everything. */
	PoolListener NONE = new PoolListener() {
	};

	/**
	 * A caller's wait for a connection ended: it got one, or gave up after the lease
	 * timeout, or its wait was cancelled, interrupted, ended by a shutdown, or failed.
	 * @param waitedNanos how long it waited
	 * @param outcome how it ended
	 */
	default void leaseCompleted(long waitedNanos, LeaseOutcome outcome) {
	}

	/**
	 * A route was used for the first time.
	 * @param route the route
	 */
	default void routeAdded(HttpRoute route) {
	}

	/**
	 * A connection has been leased for longer than the leak-detection threshold: a
	 * probable leak, reported once per lease.
	 * @param route its route
	 * @param held how long it has been leased
	 */
	default void leakDetected(HttpRoute route, Duration held) {
	}

}
