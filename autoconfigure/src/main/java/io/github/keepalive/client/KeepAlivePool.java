package io.github.keepalive.client;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.keepalive.client.connection.ConnectionTally;
import io.github.keepalive.client.pool.ConnectionPool;
import io.github.keepalive.client.pool.LeakedLease;
import io.github.keepalive.client.pool.LeaseSummary;
import io.github.keepalive.client.pool.PoolAdvice;
import io.github.keepalive.client.pool.PoolLimits;
import io.github.keepalive.client.pool.PoolSizing;
import io.github.keepalive.client.pool.PoolSnapshot;
import io.github.keepalive.client.pool.PoolUsage;
import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.InvalidSettingException;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.PoolSettings;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

/**
 * A keep-alive client's pool as everything outside the client sees it, in HikariCP's
 * {@code HikariPoolMXBean} shape: statistics in total and per route, the leases over the
 * statistics window, probable leaks, pool-sizing advice and the limits; and the two
 * changes the endpoint makes, a resize and closing idle connections.
 */
public final class KeepAlivePool {

	private static final Log logger = LogFactory.getLog(KeepAlivePool.class);

	private final KeepAliveClientSettings settings;

	private final ConnectionPool pool;

	private final Function<ClientSetting, String> names;

	KeepAlivePool(KeepAliveClientSettings settings, ConnectionPool pool, Function<ClientSetting, String> names) {
		this.settings = settings;
		this.pool = pool;
		this.names = names;
	}

	/**
	 * The pool now: in total, per route, and the longest current wait for a connection.
	 * @return the pool's statistics
	 */
	public PoolSnapshot stats() {
		return this.pool.snapshot();
	}

	/**
	 * The pool's connections across all routes now.
	 * @return their usage
	 */
	public PoolUsage totalStats() {
		return this.pool.totalUsage();
	}

	/**
	 * One route's connections now.
	 * @param route the route
	 * @return their usage
	 */
	public PoolUsage routeStats(HttpRoute route) {
		return this.pool.usage(route);
	}

	/**
	 * The leases over the client's statistics window.
	 * @return the lease summary
	 */
	public LeaseSummary leases() {
		return this.pool.leases().summary();
	}

	/**
	 * The connections held for longer than the client's leak-detection threshold now,
	 * oldest first.
	 * @return the probable leaks, none if leak detection is off
	 */
	public List<LeakedLease> leaks() {
		return this.pool.leaks();
	}

	/**
	 * The changes of the pool's limits that its leases over the statistics window call
	 * for.
	 * @return the advice, empty when the pool fits
	 */
	public List<PoolAdvice> advice() {
		return this.pool.sizing().advice();
	}

	/**
	 * The connections established since the client was created, and the attempts that
	 * failed, by reason.
	 * @return the counts
	 */
	public ConnectionCounts connections() {
		ConnectionTally tally = this.pool.connections();
		return new ConnectionCounts(tally.opened(), tally.failed());
	}

	/**
	 * The limits the pool runs with now.
	 * @return the limits
	 */
	public PoolLimits limits() {
		PoolSizing sizing = this.pool.sizing();
		return new PoolLimits(sizing.maxTotal(), sizing.maxPerRoute(), this.settings.pool().maxPerHost());
	}

	/**
	 * The adaptive limit of each route now, by route name
	 * ({@code pool.adaptive.enabled}).
	 * @return the limits, empty when the client's per-route limits are fixed
	 */
	public Map<String, Integer> adaptiveLimits() {
		return this.pool.sizing().adaptiveLimits();
	}

	/**
	 * The adaptive limit of one route now.
	 * @param route the route
	 * @return its limit, or {@code null} when it is fixed
	 */
	public @Nullable Integer adaptiveLimit(HttpRoute route) {
		return this.pool.sizing().adaptiveLimit(route);
	}

	/**
	 * Changes the limits of the live pool at once; its per-host limits stay.
	 * @param maxTotal the new maximum across all routes, or {@code null} to keep it
	 * @param maxPerRoute the new maximum per route, or {@code null} to keep it
	 * @return the new limits
	 * @throws InvalidSettingException if the limits are invalid, as the settings would be
	 */
	public synchronized PoolLimits resize(@Nullable Integer maxTotal, @Nullable Integer maxPerRoute) {
		PoolLimits current = limits();
		int newMaxTotal = (maxTotal != null) ? maxTotal : current.maxTotal();
		int newMaxPerRoute = (maxPerRoute != null) ? maxPerRoute : current.maxPerRoute();
		// the settings record holds the invariants, including maxPerHost <= maxTotal
		this.settings.pool().withLimits(newMaxTotal, newMaxPerRoute);
		this.pool.sizing().setLimits(newMaxTotal, newMaxPerRoute);
		logger.info("Keep-alive client '" + this.settings.name() + "' resized: " + this.names.apply(PoolSettings.MAX_TOTAL)
				+ " " + current.maxTotal() + " -> " + newMaxTotal + ", "
				+ this.names.apply(PoolSettings.MAX_PER_ROUTE) + " " + current.maxPerRoute() + " -> "
				+ newMaxPerRoute);
		return limits();
	}

	/**
	 * Closes idle and expired connections now.
	 */
	public void closeIdleConnections() {
		this.pool.closeIdle(TimeValue.ZERO_MILLISECONDS);
	}

}
