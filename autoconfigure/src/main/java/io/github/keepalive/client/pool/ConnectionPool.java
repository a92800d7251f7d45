package io.github.keepalive.client.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.github.keepalive.client.connection.ConnectionListener;
import io.github.keepalive.client.connection.InstrumentedConnectionFactory;
import io.github.keepalive.client.connection.InstrumentedConnectionManagerBuilder;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * A client's connection pool: HttpClient's {@link PoolingHttpClientConnectionManager},
 * with every lease timed and counted in {@link LeaseStatistics}, {@code max-per-host}
 * applied to each route before its first lease, and a narrow view for everything that
 * only reads the pool (statistics, limits) or changes its limits.
 */
public final class ConnectionPool implements HttpClientConnectionManager {

	private final PoolingHttpClientConnectionManager pool;

	private final MaxPerHostLimits maxPerHost;

	private final LeaseStatistics leases;

	private final LeaseListener listener;

	private final Set<HttpRoute> knownRoutes = ConcurrentHashMap.newKeySet();

	private volatile boolean closing;

	/**
	 * Builds the pool: HttpClient's pool as configured by the given builder, with
	 * instrumented connections.
	 * @param builder HttpClient's pool builder, with limits, policies and connection
	 * settings set
	 * @param connections told of each connection's life
	 * @param timeToLive a connection's whole life, to tell expiry from idleness
	 * @param maxPerHost per-route limits keyed by {@code host} or {@code host:port}
	 * @param leases where to record leases
	 * @param listener told of each lease and each new route
	 */
	public ConnectionPool(InstrumentedConnectionManagerBuilder builder, ConnectionListener connections,
			Duration timeToLive, Map<String, Integer> maxPerHost, LeaseStatistics leases, LeaseListener listener) {
		this.pool = builder
			.setConnectionFactory(new InstrumentedConnectionFactory(connections, timeToLive.toNanos(), this::isClosing))
			.build();
		this.maxPerHost = new MaxPerHostLimits(maxPerHost);
		this.leases = leases;
		this.listener = listener;
		this.maxPerHost.directRoutes().forEach(this.pool::setMaxPerRoute);
	}

	@Override
	public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
		if (!this.knownRoutes.contains(route)) {
			routeAdded(route);
		}
		LeaseRequest lease = this.pool.lease(id, route, requestTimeout, state);
		return new LeaseRequest() {

			@Override
			public ConnectionEndpoint get(Timeout timeout)
					throws InterruptedException, ExecutionException, TimeoutException {
				return leased(lease, route, timeout);
			}

			@Override
			public boolean cancel() {
				return lease.cancel();
			}

		};
	}

	private void routeAdded(HttpRoute route) {
		// idempotent: callers racing on a new route all set the same limit
		Integer max = this.maxPerHost.isEmpty() ? null : this.maxPerHost.limitFor(route.getTargetHost());
		if (max != null) {
			this.pool.setMaxPerRoute(route, max);
		}
		if (this.knownRoutes.add(route)) {
			this.listener.routeAdded(route);
		}
	}

	private ConnectionEndpoint leased(LeaseRequest lease, HttpRoute route, Timeout timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		LeaseStatistics.Wait wait = this.leases.waitStarted();
		ConnectionEndpoint endpoint = null;
		long leasedAt;
		try {
			endpoint = lease.get(timeout);
		}
		finally {
			leasedAt = this.leases.waitEnded(wait, endpoint != null);
			this.listener.leaseCompleted(Duration.ofNanos(leasedAt - wait.startNanos()), endpoint != null);
		}
		return new LeasedEndpoint(endpoint, route, leasedAt);
	}

	@Override
	public void release(ConnectionEndpoint endpoint, Object newState, TimeValue validDuration) {
		if (endpoint instanceof LeasedEndpoint leased) {
			this.leases.released(leased.leasedAtNanos());
		}
		this.pool.release(LeasedEndpoint.unwrap(endpoint), newState, validDuration);
	}

	@Override
	public void connect(ConnectionEndpoint endpoint, TimeValue connectTimeout, HttpContext context)
			throws IOException {
		this.pool.connect(LeasedEndpoint.unwrap(endpoint), connectTimeout, context);
	}

	@Override
	public void upgrade(ConnectionEndpoint endpoint, HttpContext context) throws IOException {
		this.pool.upgrade(LeasedEndpoint.unwrap(endpoint), context);
	}

	/**
	 * The pool now: in total, per route, and the longest current wait.
	 * @return the snapshot
	 */
	public PoolSnapshot snapshot() {
		Map<String, PoolUsage> routes = new LinkedHashMap<>();
		for (HttpRoute route : this.pool.getRoutes()) {
			routes.put(RouteNames.of(route), PoolUsage.of(this.pool.getStats(route)));
		}
		return new PoolSnapshot(PoolUsage.of(this.pool.getTotalStats()), routes, this.leases.oldestWait());
	}

	/**
	 * One route's connections now.
	 * @param route the route
	 * @return its usage
	 */
	public PoolUsage usage(HttpRoute route) {
		return PoolUsage.of(this.pool.getStats(route));
	}

	/**
	 * The pool's connections across all routes now.
	 * @return the usage
	 */
	public PoolUsage totalUsage() {
		return PoolUsage.of(this.pool.getTotalStats());
	}

	/**
	 * The recorded leases.
	 * @return the lease statistics
	 */
	public LeaseStatistics leases() {
		return this.leases;
	}

	/**
	 * Changes the limits of the live pool; {@code max-per-host} overrides stay as they
	 * are. Callers validate the new limits first.
	 * @param maxTotal connections across all routes
	 * @param maxPerRoute connections to one route
	 */
	public void setLimits(int maxTotal, int maxPerRoute) {
		this.pool.setMaxTotal(maxTotal);
		this.pool.setDefaultMaxPerRoute(maxPerRoute);
	}

	/**
	 * The pool's maximum across all routes now.
	 * @return the maximum
	 */
	public int maxTotal() {
		return this.pool.getMaxTotal();
	}

	/**
	 * The pool's default per-route maximum now.
	 * @return the maximum
	 */
	public int maxPerRoute() {
		return this.pool.getDefaultMaxPerRoute();
	}

	/**
	 * Closes expired connections, and idle ones older than the given time.
	 * @param idleTime how long a connection must have been idle
	 */
	public void closeIdle(TimeValue idleTime) {
		this.pool.closeExpired();
		this.pool.closeIdle(idleTime);
	}

	/**
	 * Whether the pool is being closed.
	 * @return whether it is closing
	 */
	public boolean isClosing() {
		return this.closing;
	}

	@Override
	public void close(CloseMode closeMode) {
		this.closing = true;
		this.pool.close(closeMode);
	}

	@Override
	public void close() {
		close(CloseMode.GRACEFUL);
	}

	/**
	 * Told of the pool's leases and routes; called on the request path, so it must be fast
	 * and never throw.
	 */
	public interface LeaseListener {

		/** A listener that ignores everything. */
		LeaseListener NONE = new LeaseListener() {
		};

		/**
		 * A caller got a connection, or gave up waiting for one.
		 * @param waited how long it waited
		 * @param acquired whether it got one
		 */
		default void leaseCompleted(Duration waited, boolean acquired) {
		}

		/**
		 * A route was used for the first time.
		 * @param route the route
		 */
		default void routeAdded(HttpRoute route) {
		}

	}

}
