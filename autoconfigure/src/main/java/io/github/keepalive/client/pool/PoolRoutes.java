package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.pool.PoolStats;
import org.jspecify.annotations.Nullable;

/**
 * The routes a pool serves, each with its {@link RouteState}: a route gets its
 * {@code max-per-host} limit and its adaptive limit on its first lease, and is forgotten
 * once unused and empty, limits included. A client calling URLs built from user input must
 * not grow them without bound: beyond {@link #MAX_ROUTES}, new ones are served without
 * being remembered, and the eviction forgets the unused ones sooner.
 */
final class PoolRoutes {

	private static final Log logger = LogFactory.getLog(PoolRoutes.class);

	static final int MAX_ROUTES = 1000;

	// a route unused this long, with no connection left, is forgotten
	static final Duration ROUTE_EXPIRY = Duration.ofMinutes(10);

	private final String clientName;

	private final PoolingHttpClientConnectionManager pool;

	private final MaxPerHostLimits maxPerHost;

	private final @Nullable AdaptiveRouteLimits adaptiveLimits;

	private final PoolListener listener;

	private final LongSupplier nanoTime;

	private final Map<HttpRoute, RouteState> routes = new ConcurrentHashMap<>();

	private volatile boolean limitReported;

	PoolRoutes(String clientName, PoolingHttpClientConnectionManager pool, MaxPerHostLimits maxPerHost,
			@Nullable AdaptiveRouteLimits adaptiveLimits, PoolListener listener, LongSupplier nanoTime) {
		this.clientName = clientName;
		this.pool = pool;
		this.maxPerHost = maxPerHost;
		this.adaptiveLimits = adaptiveLimits;
		this.listener = listener;
		this.nanoTime = nanoTime;
	}

	/**
	 * The state of a route about to be leased, added on its first lease.
	 * @param route the route
	 * @return its state
	 */
	RouteState leasing(HttpRoute route) {
		RouteState state = this.routes.get(route);
		return (state != null) ? state : added(route);
	}

	private RouteState added(HttpRoute route) {
		boolean remembered = this.routes.size() < MAX_ROUTES;
		if (!remembered && !this.limitReported) {
			this.limitReported = true;
			logger.warn("Keep-alive client '" + this.clientName + "' uses more than " + MAX_ROUTES
					+ " routes at once: the others are served without statistics per route or adaptive limits");
		}
		// idempotent: callers racing on a new route all set the same limit
		Integer max = this.maxPerHost.isEmpty() ? null : this.maxPerHost.limitFor(route.getTargetHost());
		if (max != null) {
			this.pool.setMaxPerRoute(route, max);
		}
		if (!remembered) {
			return new RouteState(route, null, this.nanoTime.getAsLong());
		}
		AdaptiveRouteLimit adaptiveLimit = (this.adaptiveLimits != null) ? this.adaptiveLimits.routeAdded(route)
				: null;
		RouteState added = new RouteState(route, adaptiveLimit, this.nanoTime.getAsLong());
		RouteState known = this.routes.putIfAbsent(route, added);
		if (known != null) {
			return known;
		}
		this.listener.routeAdded(route);
		return added;
	}

	/**
	 * Forgets the unused routes that hold no connection: after {@link #ROUTE_EXPIRY}, or at
	 * once when the routes near {@link #MAX_ROUTES}.
	 */
	void forgetUnused() {
		forgetUnused((this.routes.size() >= MAX_ROUTES * 3 / 4) ? 0 : ROUTE_EXPIRY.toNanos());
	}

	/**
	 * Forgets the routes unused for the given time that hold no connection: their
	 * figures, their adaptive limit and the per-route limit set in HttpClient's pool.
	 * @param idleNanos how long a route must have been unused
	 */
	void forgetUnused(long idleNanos) {
		long now = this.nanoTime.getAsLong();
		Map<HttpRoute, Integer> pinned = this.maxPerHost.directRoutes();
		for (RouteState state : this.routes.values()) {
			HttpRoute route = state.route();
			if (state.unusedFor(now, idleNanos) && isEmpty(this.pool.getStats(route))
					&& this.routes.remove(route, state)) {
				if (this.adaptiveLimits != null) {
					this.adaptiveLimits.routeRemoved(route);
				}
				// a route a max-per-host key names keeps that limit, as set up front; another
				// gets its limit again on its next first lease
				Integer pinnedLimit = pinned.get(route);
				this.pool.setMaxPerRoute(route, (pinnedLimit != null) ? pinnedLimit : -1);
			}
		}
	}

	private static boolean isEmpty(PoolStats stats) {
		return stats.getLeased() + stats.getAvailable() + stats.getPending() == 0;
	}

	/**
	 * The routes known now.
	 * @return the routes
	 */
	Set<HttpRoute> known() {
		return Collections.unmodifiableSet(this.routes.keySet());
	}

	/**
	 * The states of the routes known now.
	 * @return the states
	 */
	Collection<RouteState> states() {
		return this.routes.values();
	}

}
