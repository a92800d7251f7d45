package io.github.keepalive.client.pool;

import java.util.List;
import java.util.Map;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.pool.PoolStats;
import org.jspecify.annotations.Nullable;

/**
 * A pool's limits: across all routes, per route, per host, and adaptive when
 * {@link AdaptiveRouteLimits} are given; read live, changed live ({@link #setLimits}), and
 * weighed against the leases of the statistics window ({@link #advice}).
 */
public final class PoolSizing {

	private final PoolingHttpClientConnectionManager pool;

	private final MaxPerHostLimits maxPerHost;

	private final @Nullable AdaptiveRouteLimits adaptiveLimits;

	private final PoolRoutes routes;

	private final LeaseStatistics leases;

	private final boolean totalLimited;

	private volatile int maxTotal;

	/**
	 * Creates the sizing of a pool.
	 * @param maxTotal the {@code maxTotal} the pool was configured with: HttpClient's LAX
	 * pool does not keep it, and the pool reports it as its limit; 0 if unknown
	 */
	PoolSizing(PoolingHttpClientConnectionManager pool, int maxTotal, MaxPerHostLimits maxPerHost,
			@Nullable AdaptiveRouteLimits adaptiveLimits, PoolRoutes routes, LeaseStatistics leases) {
		this.pool = pool;
		this.maxPerHost = maxPerHost;
		this.adaptiveLimits = adaptiveLimits;
		this.routes = routes;
		this.leases = leases;
		// HttpClient's LAX pool has no limit across routes, and says 0
		this.totalLimited = pool.getMaxTotal() > 0;
		this.maxTotal = this.totalLimited ? pool.getMaxTotal() : maxTotal;
	}

	/**
	 * The changes of the pool's limits that its leases over the statistics window call
	 * for.
	 * @return the advice, empty when the pool fits
	 */
	public List<PoolAdvice> advice() {
		int maxPerRoute = maxPerRoute();
		// the LAX pool applies no limit across routes: there is none to advise on
		int maxTotal = this.totalLimited ? maxTotal() : PoolAdvisor.NO_LIMIT;
		return new PoolAdvisor().advise(this.leases.summary(), maxTotal, maxPerRoute, (route) -> {
			Integer max = this.maxPerHost.limitFor(route.getTargetHost());
			return new PoolAdvisor.RouteLimit((max != null) ? max : maxPerRoute,
					this.maxPerHost.settingKeyFor(route.getTargetHost()));
		});
	}

	/**
	 * Changes the limits of the live pool at once: callers waiting for a connection get
	 * one if the new limits allow it; {@code maxPerHost} overrides stay as they are.
	 * Callers validate the new limits first.
	 * @param maxTotal connections across all routes
	 * @param maxPerRoute connections to one route
	 */
	public void setLimits(int maxTotal, int maxPerRoute) {
		boolean lower = maxTotal < maxTotal() || maxPerRoute < maxPerRoute();
		this.maxTotal = maxTotal;
		if (this.totalLimited) {
			this.pool.setMaxTotal(maxTotal);
		}
		this.pool.setDefaultMaxPerRoute(maxPerRoute);
		if (this.adaptiveLimits != null) {
			// the adaptive limits set each route's maximum, within the new ceilings
			this.adaptiveLimits.ceilingsChanged();
		}
		else {
			// the LAX pool keeps the limit each route started with; the STRICT one takes either
			for (HttpRoute route : this.routes.known()) {
				if (this.maxPerHost.limitFor(route.getTargetHost()) == null) {
					this.pool.setMaxPerRoute(route, maxPerRoute);
				}
			}
		}
		WaitingCallers.serve(this.pool, this.routes.known());
		if (lower) {
			// HttpClient's pool keeps the connections it has: those over the new limits close as
			// they come back (close reason limit)
			this.routes.states().forEach((route) -> route.shrinking(true));
		}
	}

	/**
	 * Whether a connection of the route that comes back is over the pool's limits, which
	 * came down since it was opened: it is then to be closed, not pooled. Reads the pool's
	 * figures only while the route shrinks, and ends the shrink once the route is within
	 * the limits.
	 * @param route the connection's route
	 * @return whether it is over the limits
	 */
	boolean overLimit(RouteState route) {
		if (!route.isShrinking()) {
			return false;
		}
		// the connection coming back still counts as leased
		PoolStats routeStats = this.pool.getStats(route.route());
		boolean over = (route.adaptiveLimit() == null && routeStats.getLeased()
				+ routeStats.getAvailable() > maxPerRoute(route.route().getTargetHost()));
		if (!over && this.totalLimited) {
			PoolStats total = this.pool.getTotalStats();
			over = total.getLeased() + total.getAvailable() > maxTotal();
		}
		if (!over) {
			route.shrinking(false);
		}
		return over;
	}

	/**
	 * The adaptive limit of every route that has one, by route name.
	 * @return the limits, empty when the limits are fixed
	 */
	public Map<String, Integer> adaptiveLimits() {
		return (this.adaptiveLimits != null) ? this.adaptiveLimits.limits() : Map.of();
	}

	/**
	 * The most connections a new lease to a target may hold now: the adaptive limit of its
	 * route (its floor before the route's first lease), else the route's fixed maximum.
	 * @param target the target host
	 * @return the limit
	 */
	public int routeLimitNow(HttpHost target) {
		int max = maxPerRoute(target);
		if (this.adaptiveLimits == null) {
			return max;
		}
		for (RouteState route : this.routes.states()) {
			AdaptiveRouteLimit limit = route.adaptiveLimit();
			if (limit != null && route.route().getTargetHost().equals(target)) {
				return limit.limit();
			}
		}
		return Math.min(this.adaptiveLimits.floor(), max);
	}

	/**
	 * The adaptive limit of a route now.
	 * @param route the route
	 * @return its limit, or {@code null} if its limit is fixed
	 */
	public @Nullable Integer adaptiveLimit(HttpRoute route) {
		return (this.adaptiveLimits != null) ? this.adaptiveLimits.limit(route) : null;
	}

	/**
	 * The pool's maximum across all routes now: for HttpClient's LAX pool, which applies
	 * none, the {@code maxTotal} it was configured (or resized) with.
	 * @return the maximum
	 */
	public int maxTotal() {
		return this.totalLimited ? this.pool.getMaxTotal() : this.maxTotal;
	}

	/**
	 * Whether the pool applies its maximum across all routes: HttpClient's LAX pool does
	 * not.
	 * @return whether it does
	 */
	public boolean isTotalLimited() {
		return this.totalLimited;
	}

	/**
	 * The pool's default per-route maximum now.
	 * @return the maximum
	 */
	public int maxPerRoute() {
		return this.pool.getDefaultMaxPerRoute();
	}

	/**
	 * The per-route maximum of the routes to a target: its {@code maxPerHost} override, or
	 * the default.
	 * @param target the target host
	 * @return the maximum
	 */
	public int maxPerRoute(HttpHost target) {
		Integer max = this.maxPerHost.limitFor(target);
		return (max != null) ? max : maxPerRoute();
	}

}
