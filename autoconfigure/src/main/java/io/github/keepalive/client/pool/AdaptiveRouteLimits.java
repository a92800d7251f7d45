package io.github.keepalive.client.pool;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.jspecify.annotations.Nullable;

/**
 * The adaptive per-route limits of one pool: each route's limit moves between the floor
 * ({@code pool.adaptive.min-per-route}) and its ceiling (the route's
 * {@code max-per-host}, else {@code max-per-route}), from what the pool sees of its
 * leases: the time each connection is held from lease to release (the exchange's round
 * trip as the client sees it) and how many callers hold or wait for one. The limit is
 * applied as the pool's own per-route maximum; a route that holds more connections than
 * its limit (after the limit came down) closes them as they come back instead of pooling
 * them.
 */
public final class AdaptiveRouteLimits {

	private static final Log logger = LogFactory.getLog(AdaptiveRouteLimits.class);

	// a client calling URLs built from user input must not grow this without bound
	private static final int MAX_ROUTES = 1000;

	private final Settings settings;

	private final PoolingHttpClientConnectionManager pool;

	private final MaxPerHostLimits maxPerHost;

	private final Map<HttpRoute, AdaptiveRouteLimit> routes = new ConcurrentHashMap<>();

	private final AdaptiveRouteLimit.LimitChange change = this::changed;

	private volatile boolean routeLimitReported;

	/**
	 * Adaptive limits that apply each new limit as the given pool's per-route maximum.
	 * @param settings the floor, the algorithm and the client's name
	 * @param pool the pool
	 * @param maxPerHost the routes' ceilings, where they are not the pool's default
	 */
	AdaptiveRouteLimits(Settings settings, PoolingHttpClientConnectionManager pool, MaxPerHostLimits maxPerHost) {
		this.settings = settings;
		this.pool = pool;
		this.maxPerHost = maxPerHost;
	}

	/**
	 * A route is used for the first time: its limit starts at the floor.
	 * @param route the route
	 * @return its limit, or {@code null} if it keeps a fixed one
	 */
	@Nullable AdaptiveRouteLimit routeAdded(HttpRoute route) {
		if (this.routes.size() >= MAX_ROUTES) {
			if (!this.routeLimitReported) {
				this.routeLimitReported = true;
				logger.warn("Keep-alive client '" + this.settings.clientName() + "' uses more than " + MAX_ROUTES
						+ " routes: the others keep a fixed per-route limit");
			}
			return null;
		}
		AdaptiveRouteLimit limit = this.routes.computeIfAbsent(route,
				(key) -> new AdaptiveRouteLimit(key, this.settings.algorithm(), this.settings.floor(), ceiling(key),
						System.nanoTime()));
		this.pool.setMaxPerRoute(route, limit.limit());
		return limit;
	}

	/**
	 * The limit a route starts with ({@code pool.adaptive.min-per-route}).
	 * @return the floor
	 */
	int floor() {
		return this.settings.floor();
	}

	/**
	 * A route the pool forgot (unused, without connections): its limit goes too.
	 * @param route the route
	 */
	void routeRemoved(HttpRoute route) {
		this.routes.remove(route);
	}

	/**
	 * A caller gave a connection of a route back.
	 * @param limit the route's limit
	 * @param heldNanos how long it held it, less the time opening a connection took
	 * @param now now, in {@link System#nanoTime()} terms
	 * @return whether the connection should be closed rather than pooled: the route holds
	 * more connections than its limit
	 */
	boolean released(AdaptiveRouteLimit limit, long heldNanos, long now) {
		return limit.released(heldNanos, now, this.change);
	}

	/**
	 * The pool's default maximum per route changed (a resize): each route's ceiling is
	 * its {@code max-per-host}, else the new maximum.
	 */
	void ceilingsChanged() {
		this.routes.forEach((route, limit) -> limit.ceilingChanged(ceiling(route), this.change));
	}

	private int ceiling(HttpRoute route) {
		Integer max = this.maxPerHost.isEmpty() ? null : this.maxPerHost.limitFor(route.getTargetHost());
		return (max != null) ? max : this.pool.getDefaultMaxPerRoute();
	}

	/**
	 * The limit of every adaptive route now, by route name.
	 * @return the limits
	 */
	Map<String, Integer> limits() {
		Map<String, Integer> limits = new LinkedHashMap<>();
		this.routes.forEach((route, limit) -> limits.put(RouteNames.of(route), limit.limit()));
		return limits;
	}

	/**
	 * The limit of a route now.
	 * @param route the route
	 * @return its limit, or {@code null} if it is not adaptive
	 */
	@Nullable Integer limit(HttpRoute route) {
		AdaptiveRouteLimit limit = this.routes.get(route);
		return (limit != null) ? limit.limit() : null;
	}

	private void changed(HttpRoute route, int previous, int next, long meanNanos, long lowestNanos, int demand) {
		this.pool.setMaxPerRoute(route, next);
		if (next > previous) {
			// HttpClient's pool hands waiting callers a connection only when something changes
			// in it: going over its expired connections is such a change
			this.pool.closeExpired();
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Keep-alive client '" + this.settings.clientName() + "', route " + RouteNames.of(route)
					+ ": limit " + previous + " -> " + next
					+ ((meanNanos > 0) ? " (round trip " + millis(meanNanos) + " ms, lowest " + millis(lowestNanos)
							+ " ms, " + demand + " callers holding or waiting)" : " (resized)"));
		}
	}

	private static String millis(long nanos) {
		return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
	}

	/**
	 * What makes a pool's per-route limits adaptive.
	 *
	 * @param clientName the client's name, for the logs
	 * @param floor the lowest limit ({@code pool.adaptive.min-per-route})
	 * @param algorithm how the limit moves
	 */
	public record Settings(String clientName, int floor, AdaptiveLimitAlgorithm algorithm) {

	}

}
