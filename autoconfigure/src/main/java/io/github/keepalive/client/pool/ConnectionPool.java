package io.github.keepalive.client.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.ConnectionListener;
import io.github.keepalive.client.connection.InstrumentedConnectionFactory;
import io.github.keepalive.client.connection.InstrumentedConnectionManagerBuilder;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * A client's connection pool: HttpClient's {@link PoolingHttpClientConnectionManager},
 * with every lease timed and counted in {@link LeaseStatistics}, {@code max-per-host}
 * applied to each route before its first lease, leases tracked by a {@link LeakDetector}
 * when leak detection is on, per-route limits that adapt when {@link AdaptiveRouteLimits}
 * are given, and a narrow view for everything that only reads the pool (statistics, leaks,
 * sizing advice, limits) or changes its limits.
 * <p>
 * A spent connection (past its own, jittered, life or made with SSL material since
 * reloaded) serves no further request ({@link SpentConnections}). On shutdown the pool
 * grants no more leases and waits for the leased connections to come back
 * ({@link #startShutdown()}, {@link #awaitReleased(Duration)}).
 */
public final class ConnectionPool implements HttpClientConnectionManager {

	private final PoolingHttpClientConnectionManager pool;

	private final MaxPerHostLimits maxPerHost;

	private final LeaseStatistics leases;

	private final LeaseListener listener;

	private final LeaseGate gate;

	private final @Nullable LeakDetector leakDetector;

	private final @Nullable AdaptiveRouteLimits adaptiveLimits;

	private final Set<HttpRoute> knownRoutes = ConcurrentHashMap.newKeySet();

	private volatile boolean closing;

	/**
	 * Builds the pool: HttpClient's pool as configured by the given builder, with
	 * instrumented connections, and leak detection when a detector is given.
	 * @param clientName the client's name, for the exception a lease meets on shutdown
	 * @param builder HttpClient's pool builder, with limits, policies and connection
	 * settings set
	 * @param connections told of each connection's life
	 * @param lifePolicy how long each connection lives
	 * @param maxPerHost per-route limits keyed by {@code host} or {@code host:port}
	 * @param leases where to record leases
	 * @param listener told of each lease and each new route
	 * @param leakDetector tracks every lease, or {@code null} for no leak detection
	 * @param adaptive how the per-route limits adapt, or {@code null} for fixed limits
	 */
	public ConnectionPool(String clientName, InstrumentedConnectionManagerBuilder builder,
			ConnectionListener connections, ConnectionLifePolicy lifePolicy, Map<String, Integer> maxPerHost,
			LeaseStatistics leases, LeaseListener listener, @Nullable LeakDetector leakDetector,
			AdaptiveRouteLimits.@Nullable Settings adaptive) {
		this.leakDetector = leakDetector;
		this.pool = builder
			.setConnectionFactory(new InstrumentedConnectionFactory(connections, lifePolicy, this::isClosing))
			.build();
		this.maxPerHost = new MaxPerHostLimits(maxPerHost);
		this.leases = leases;
		this.listener = listener;
		this.gate = new LeaseGate(clientName);
		this.maxPerHost.directRoutes().forEach(this.pool::setMaxPerRoute);
		this.adaptiveLimits = (adaptive != null) ? new AdaptiveRouteLimits(adaptive, this.pool, this.maxPerHost)
				: null;
	}

	@Override
	public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
		this.gate.checkOpen();
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
		if (this.adaptiveLimits != null) {
			this.adaptiveLimits.routeAdded(route);
		}
		if (this.knownRoutes.add(route)) {
			this.listener.routeAdded(route);
		}
	}

	private ConnectionEndpoint leased(LeaseRequest lease, HttpRoute route, Timeout timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		LeaseStatistics.Wait wait = this.leases.waitStarted(route);
		AdaptiveRouteLimit adaptiveLimit = (this.adaptiveLimits != null) ? this.adaptiveLimits.waitStarted(route)
				: null;
		ConnectionEndpoint endpoint = null;
		long leasedAt;
		try {
			endpoint = this.gate.await(lease, timeout);
		}
		finally {
			leasedAt = this.leases.waitEnded(wait, endpoint != null);
			if (adaptiveLimit != null) {
				adaptiveLimit.waitEnded(endpoint != null);
			}
			this.listener.leaseCompleted(Duration.ofNanos(leasedAt - wait.startNanos()), endpoint != null);
		}
		LeakDetector leakDetector = this.leakDetector;
		LeasedEndpoint leased = (leakDetector != null) ? leakDetector.track(endpoint, route, leasedAt)
				: new LeasedEndpoint(endpoint, route, leasedAt, null);
		if (this.gate.isClosed()) {
			// granted as the shutdown began: it goes back untouched
			release(leased, null, TimeValue.ZERO_MILLISECONDS);
			this.gate.checkOpen();
		}
		SpentConnections.dropIfSpent(endpoint);
		return leased;
	}

	@Override
	public void release(ConnectionEndpoint endpoint, @Nullable Object newState, @Nullable TimeValue validDuration) {
		if (endpoint instanceof LeasedEndpoint leased) {
			this.leases.released(leased.route(), leased.leasedAtNanos());
			if (this.leakDetector != null) {
				this.leakDetector.released(leased);
			}
			if (this.adaptiveLimits != null
					&& this.adaptiveLimits.released(leased.route(), System.nanoTime() - leased.leasedAtNanos())) {
				// over the route's limit since it came down: closed, HttpClient's pool discards it
				leased.close(CloseMode.GRACEFUL);
			}
		}
		ConnectionEndpoint released = LeasedEndpoint.unwrap(endpoint);
		this.pool.release(released, newState, SpentConnections.keepAliveWithinLife(released, validDuration));
		this.gate.released();
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
	 * The leases held for longer than the leak-detection threshold now, oldest first.
	 * @return the leases, none if leak detection is off
	 */
	public List<LeakedLease> leaks() {
		return (this.leakDetector != null) ? this.leakDetector.leaks() : List.of();
	}

	/**
	 * The changes of the pool's limits that its leases over the statistics window call
	 * for.
	 * @param propertyNames turns a setting named relative to the client
	 * ({@code pool.max-total}) into the full name of the client's property
	 * @return the advice, empty when the pool fits
	 */
	public List<PoolAdvice> advice(Function<String, String> propertyNames) {
		int maxPerRoute = maxPerRoute();
		return new PoolAdvisor(propertyNames).advise(this.leases.summary(), maxTotal(), maxPerRoute, (route) -> {
			Integer max = this.maxPerHost.limitFor(route.getTargetHost());
			return new PoolAdvisor.RouteLimit((max != null) ? max : maxPerRoute,
					this.maxPerHost.propertyKeyFor(route.getTargetHost()));
		});
	}

	/**
	 * Changes the limits of the live pool at once: callers waiting for a connection get
	 * one if the new limits allow it; {@code max-per-host} overrides stay as they are.
	 * Callers validate the new limits first.
	 * @param maxTotal connections across all routes
	 * @param maxPerRoute connections to one route
	 */
	public void setLimits(int maxTotal, int maxPerRoute) {
		this.pool.setMaxTotal(maxTotal);
		this.pool.setDefaultMaxPerRoute(maxPerRoute);
		if (this.adaptiveLimits != null) {
			// the adaptive limits set each route's maximum, within the new ceilings
			this.adaptiveLimits.ceilingsChanged();
		}
		else {
			// the LAX pool keeps the limit each route started with; the STRICT one takes either
			for (HttpRoute route : this.knownRoutes) {
				if (this.maxPerHost.limitFor(route.getTargetHost()) == null) {
					this.pool.setMaxPerRoute(route, maxPerRoute);
				}
			}
		}
		WaitingCallers.serve(this.pool, this.knownRoutes);
	}

	/**
	 * The adaptive limit of every route that has one, by route name.
	 * @return the limits, empty when the limits are fixed
	 */
	public Map<String, Integer> adaptiveLimits() {
		return (this.adaptiveLimits != null) ? this.adaptiveLimits.limits() : Map.of();
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
	 * The per-route maximum of the routes to a target: its {@code max-per-host} override, or
	 * the default.
	 * @param target the target host
	 * @return the maximum
	 */
	public int maxPerRoute(HttpHost target) {
		Integer max = this.maxPerHost.limitFor(target);
		return (max != null) ? max : maxPerRoute();
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
	 * Starts the shutdown: no lease is granted from now on, and callers waiting for one fail,
	 * with a {@code ClientShuttingDownException}. Leased connections stay in use.
	 */
	public void startShutdown() {
		this.gate.close();
	}

	/**
	 * Waits until every leased connection came back to the pool.
	 * @param timeout the longest wait
	 * @return whether none is leased any more
	 */
	public boolean awaitReleased(Duration timeout) {
		return this.gate.awaitReleased(() -> this.pool.getTotalStats().getLeased(), timeout);
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

		/**
		 * A connection has been leased for longer than the leak-detection threshold.
		 * @param route its route
		 * @param held how long it has been leased
		 */
		default void leakDetected(HttpRoute route, Duration held) {
		}

	}

}
