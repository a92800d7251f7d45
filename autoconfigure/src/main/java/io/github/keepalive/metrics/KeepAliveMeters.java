package io.github.keepalive.metrics;

import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.PoolSettings;

/**
 * The names of the keep-alive meters, in one place. Every meter is tagged
 * {@code client=<name>}.
 */
public final class KeepAliveMeters {

	/** Prefix of every meter name. */
	public static final String PREFIX = "keepalive";

	/** Gauge: connections leased from the pool. */
	public static final String POOL_LEASED = PREFIX + ".pool.leased";

	/** Gauge: idle connections in the pool. */
	public static final String POOL_AVAILABLE = PREFIX + ".pool.available";

	/** Gauge: callers waiting for a connection. */
	public static final String POOL_PENDING = PREFIX + ".pool.pending";

	/** Gauge: the pool's maximum connections across all routes. */
	public static final String POOL_MAX = PREFIX + ".pool.max";

	/**
	 * Timer: time a caller waited to lease a connection, tagged {@code outcome}:
	 * {@code acquired}, {@code timeout} (the only one that says the pool is too small),
	 * {@code cancelled}, {@code interrupted}, {@code shutdown}, {@code failed}. Publishes
	 * no percentiles unless {@code management.metrics.distribution.*} asks for them.
	 */
	public static final String POOL_LEASE_WAIT = PREFIX + ".pool.lease.wait";

	/** Counter: connections held for longer than the leak-detection threshold. */
	public static final String POOL_LEAKS = PREFIX + ".pool.leaks";

	/**
	 * Gauge, tagged {@code property} ({@code pool.max-total} or {@code pool.max-per-route},
	 * relative to the client named by the {@code client} tag): the value pool-sizing advice
	 * suggests; the current value while the pool fits.
	 */
	public static final String POOL_ADVICE_SUGGESTED = PREFIX + ".pool.advice.suggested";

	/** Counter: connections established. */
	public static final String CONNECTIONS_OPENED = PREFIX + ".connections.opened";

	/** Counter: failed attempts to establish a connection, tagged {@code reason}. */
	public static final String CONNECTIONS_FAILED = PREFIX + ".connections.failed";

	/**
	 * Counter: connections closed, tagged {@code reason}: {@code idle}, {@code expired},
	 * {@code ssl-reloaded}, {@code stale}, {@code closed-by-server}, {@code not-reusable},
	 * {@code error}, {@code shutdown}, {@code limit} (an adaptive or resized limit came
	 * down), {@code renewed} (closed before reuse and replaced, the request unsent).
	 */
	public static final String CONNECTIONS_CLOSED = PREFIX + ".connections.closed";

	/** Counter: requests sent over pooled connections, retries included. */
	public static final String REQUESTS = PREFIX + ".requests";

	/** Summary: requests each closed connection served. */
	public static final String CONNECTION_REQUESTS = PREFIX + ".connection.requests";

	/** Gauge, per route when enabled: connections of the route in use. */
	public static final String ROUTE_LEASED = PREFIX + ".pool.route.leased";

	/** Gauge, per route when enabled: idle pooled connections of the route. */
	public static final String ROUTE_AVAILABLE = PREFIX + ".pool.route.available";

	/** Gauge, per route when enabled: callers waiting for a connection of the route. */
	public static final String ROUTE_PENDING = PREFIX + ".pool.route.pending";

	/** Gauge, per route when enabled: maximum connections of the route. */
	public static final String ROUTE_MAX = PREFIX + ".pool.route.max";

	/**
	 * Gauge, per route of a client whose limits adapt: the route's adaptive limit, the
	 * connections it may hold now.
	 */
	public static final String ROUTE_LIMIT = PREFIX + ".pool.route.limit";

	/** The tag that names the client. */
	public static final String CLIENT_TAG = "client";

	/** The tag that names the client-relative property of an advice gauge. */
	public static final String PROPERTY_TAG = "property";

	/** The tag that names the route of a per-route gauge. */
	public static final String ROUTE_TAG = "route";

	private KeepAliveMeters() {
	}

	/**
	 * The {@link #PROPERTY_TAG} value of an advice gauge. The meters' own contract: it
	 * reads as the client-relative property, and stays the same if a property is renamed.
	 * @param setting {@link PoolSettings#MAX_TOTAL} or {@link PoolSettings#MAX_PER_ROUTE}
	 * @return {@code pool.max-total} or {@code pool.max-per-route}
	 */
	public static String propertyTag(ClientSetting setting) {
		if (PoolSettings.MAX_TOTAL.equals(setting)) {
			return "pool.max-total";
		}
		if (PoolSettings.MAX_PER_ROUTE.equals(setting)) {
			return "pool.max-per-route";
		}
		throw new IllegalArgumentException("No advice gauge for " + setting);

	}

}
