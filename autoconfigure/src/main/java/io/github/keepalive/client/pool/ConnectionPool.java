package io.github.keepalive.client.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.github.keepalive.client.ClientShuttingDownException;
import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.ConnectionTally;
import io.github.keepalive.client.connection.InstrumentedConnectionFactory;
import io.github.keepalive.client.connection.InstrumentedConnectionManagerBuilder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
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

	private static final Log logger = LogFactory.getLog(ConnectionPool.class);

	// a client calling URLs built from user input must not grow the routes it knows without
	// bound: beyond this many, new ones are served without being remembered, and the
	// eviction forgets the unused ones sooner
	static final int MAX_ROUTES = 1000;

	// a route unused this long, with no connection left, is forgotten
	static final Duration ROUTE_EXPIRY = Duration.ofMinutes(10);

	private final String clientName;

	private final PoolingHttpClientConnectionManager pool;

	private final MaxPerHostLimits maxPerHost;

	private final LeaseStatistics leases;

	private final PoolListener listener;

	private final ConnectionTally connections;

	private final LeaseGate gate;

	private final @Nullable LeakDetector leakDetector;

	private final @Nullable AdaptiveRouteLimits adaptiveLimits;

	private final Map<HttpRoute, RouteState> routes = new ConcurrentHashMap<>();

	private final int configuredMaxTotal;

	private final boolean totalLimited;

	private volatile int maxTotal;

	private volatile boolean routeLimitReported;

	private volatile boolean closing;

	/**
	 * Builds the pool: HttpClient's pool as configured by the given builder, with
	 * instrumented connections, and leak detection when a detector is given.
	 * @param clientName the client's name, for the exception a lease meets on shutdown
	 * @param builder HttpClient's pool builder, with limits, policies and connection
	 * settings set
	 * @param lifePolicy how long each connection lives
	 * @param maxPerHost per-route limits keyed by {@code host} or {@code host:port}
	 * @param leases where to record leases
	 * @param listener told of each lease, each new route and each connection's life
	 * @param leakDetector tracks every lease, or {@code null} for no leak detection
	 * @param adaptive how the per-route limits adapt, or {@code null} for fixed limits
	 */
	public ConnectionPool(String clientName, InstrumentedConnectionManagerBuilder builder,
			ConnectionLifePolicy lifePolicy, Map<String, Integer> maxPerHost, LeaseStatistics leases,
			PoolListener listener, @Nullable LeakDetector leakDetector,
			AdaptiveRouteLimits.@Nullable Settings adaptive) {
		this(clientName, builder, 0, lifePolicy, maxPerHost, leases, listener, leakDetector, adaptive);
	}

	/**
	 * Builds the pool: HttpClient's pool as configured by the given builder, with
	 * instrumented connections, and leak detection when a detector is given.
	 * @param clientName the client's name, for the exception a lease meets on shutdown
	 * @param builder HttpClient's pool builder, with limits, policies and connection
	 * settings set
	 * @param maxTotal the {@code max-total} the builder was given: HttpClient's LAX pool
	 * does not keep it, and the pool reports it as its limit; 0 if unknown
	 * @param lifePolicy how long each connection lives
	 * @param maxPerHost per-route limits keyed by {@code host} or {@code host:port}
	 * @param leases where to record leases
	 * @param listener told of each lease, each new route and each connection's life
	 * @param leakDetector tracks every lease, or {@code null} for no leak detection
	 * @param adaptive how the per-route limits adapt, or {@code null} for fixed limits
	 */
	public ConnectionPool(String clientName, InstrumentedConnectionManagerBuilder builder, int maxTotal,
			ConnectionLifePolicy lifePolicy, Map<String, Integer> maxPerHost, LeaseStatistics leases,
			PoolListener listener, @Nullable LeakDetector leakDetector,
			AdaptiveRouteLimits.@Nullable Settings adaptive) {
		this.clientName = clientName;
		this.leakDetector = leakDetector;
		InstrumentedConnectionFactory connections = new InstrumentedConnectionFactory(listener, lifePolicy,
				this::isClosing);
		this.connections = connections.tally();
		this.pool = builder.setConnectionFactory(connections).build();
		// HttpClient's LAX pool has no limit across routes, and says 0
		this.totalLimited = this.pool.getMaxTotal() > 0;
		this.configuredMaxTotal = this.totalLimited ? this.pool.getMaxTotal() : maxTotal;
		this.maxTotal = this.configuredMaxTotal;
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
		this.gate.checkOpen(id);
		RouteState routeState = this.routes.get(route);
		if (routeState == null) {
			routeState = routeAdded(route);
		}
		LeaseRequest lease = this.pool.lease(id, route, requestTimeout, state);
		RouteState leasedRoute = routeState;
		return new LeaseRequest() {

			@Override
			public ConnectionEndpoint get(Timeout timeout)
					throws InterruptedException, ExecutionException, TimeoutException {
				return leased(id, lease, leasedRoute, timeout);
			}

			@Override
			public boolean cancel() {
				return lease.cancel();
			}

		};
	}

	private RouteState routeAdded(HttpRoute route) {
		boolean remembered = this.routes.size() < MAX_ROUTES;
		if (!remembered && !this.routeLimitReported) {
			this.routeLimitReported = true;
			logger.warn("Keep-alive client '" + this.clientName + "' uses more than " + MAX_ROUTES
					+ " routes at once: the others are served without statistics per route or adaptive limits");
		}
		// idempotent: callers racing on a new route all set the same limit
		Integer max = this.maxPerHost.isEmpty() ? null : this.maxPerHost.limitFor(route.getTargetHost());
		if (max != null) {
			this.pool.setMaxPerRoute(route, max);
		}
		if (!remembered) {
			return new RouteState(route, null, this.leases.now());
		}
		AdaptiveRouteLimit adaptiveLimit = (this.adaptiveLimits != null) ? this.adaptiveLimits.routeAdded(route)
				: null;
		RouteState added = new RouteState(route, adaptiveLimit, this.leases.now());
		RouteState known = this.routes.putIfAbsent(route, added);
		if (known != null) {
			return known;
		}
		this.listener.routeAdded(route);
		return added;
	}

	private ConnectionEndpoint leased(String id, LeaseRequest lease, RouteState route, Timeout timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		long startNanos = this.leases.now();
		this.leases.waitStarted(route, startNanos);
		AdaptiveRouteLimit adaptiveLimit = route.adaptiveLimit();
		if (adaptiveLimit != null) {
			adaptiveLimit.waitStarted();
		}
		ConnectionEndpoint endpoint = null;
		LeaseOutcome outcome = LeaseOutcome.FAILED;
		long leasedAt;
		try {
			endpoint = this.gate.await(id, lease, startNanos, timeout);
			outcome = LeaseOutcome.ACQUIRED;
		}
		catch (TimeoutException ex) {
			outcome = LeaseOutcome.TIMEOUT;
			throw ex;
		}
		catch (InterruptedException ex) {
			outcome = LeaseOutcome.INTERRUPTED;
			throw ex;
		}
		catch (ClientShuttingDownException ex) {
			outcome = LeaseOutcome.SHUTDOWN;
			throw ex;
		}
		catch (CancellationException ex) {
			outcome = this.gate.isClosed() ? LeaseOutcome.SHUTDOWN : LeaseOutcome.CANCELLED;
			throw ex;
		}
		finally {
			leasedAt = this.leases.waitEnded(route, startNanos, outcome);
			if (adaptiveLimit != null) {
				adaptiveLimit.waitEnded(endpoint != null);
			}
			this.listener.leaseCompleted(leasedAt - startNanos, outcome);
		}
		LeakDetector leakDetector = this.leakDetector;
		LeasedEndpoint leased = (leakDetector != null) ? leakDetector.track(endpoint, route, id, leasedAt)
				: new LeasedEndpoint(endpoint, route, id, leasedAt, null);
		if (this.gate.isClosed()) {
			try {
				this.gate.checkOpen(id);
			}
			catch (ClientShuttingDownException ex) {
				// granted as the shutdown began: it goes back untouched
				release(leased, null, TimeValue.ZERO_MILLISECONDS);
				throw ex;
			}
		}
		SpentConnections.dropIfSpent(endpoint);
		return leased;
	}

	@Override
	public void release(ConnectionEndpoint endpoint, @Nullable Object newState, @Nullable TimeValue validDuration) {
		ConnectionEndpoint released = LeasedEndpoint.unwrap(endpoint);
		String exchangeId = null;
		if (endpoint instanceof LeasedEndpoint leased) {
			exchangeId = leased.exchangeId();
			RouteState route = leased.routeState();
			long now = this.leases.released(route, leased.leasedAtNanos());
			if (this.leakDetector != null) {
				this.leakDetector.released(leased);
			}
			AdaptiveRouteLimit adaptiveLimit = route.adaptiveLimit();
			// the round trip as the limit sees it: opening a connection is not queueing
			if (adaptiveLimit != null && this.adaptiveLimits != null && this.adaptiveLimits.released(adaptiveLimit,
					Math.max(0, now - leased.leasedAtNanos() - leased.connectNanos()), now)) {
				// over the route's limit since it came down: closed, HttpClient's pool discards it
				SpentConnections.closeForLimit(released);
			}
		}
		this.pool.release(released, newState, SpentConnections.keepAliveWithinLife(released, validDuration));
		this.gate.released(exchangeId);
	}

	@Override
	public void connect(ConnectionEndpoint endpoint, TimeValue connectTimeout, HttpContext context)
			throws IOException {
		long start = System.nanoTime();
		try {
			this.pool.connect(LeasedEndpoint.unwrap(endpoint), connectTimeout, context);
		}
		finally {
			connected(endpoint, start);
		}
	}

	@Override
	public void upgrade(ConnectionEndpoint endpoint, HttpContext context) throws IOException {
		long start = System.nanoTime();
		try {
			this.pool.upgrade(LeasedEndpoint.unwrap(endpoint), context);
		}
		finally {
			connected(endpoint, start);
		}
	}

	private static void connected(ConnectionEndpoint endpoint, long startNanos) {
		if (endpoint instanceof LeasedEndpoint leased) {
			leased.connected(System.nanoTime() - startNanos);
		}
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
		Long oldestWaitStart = this.gate.oldestWaitStart();
		Duration oldestWait = (oldestWaitStart != null)
				? Duration.ofNanos(Math.max(0, this.leases.now() - oldestWaitStart)) : null;
		return new PoolSnapshot(PoolUsage.of(this.pool.getTotalStats()), routes, oldestWait);
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
	 * The connections the pool established and failed to.
	 * @return the tally
	 */
	public ConnectionTally connections() {
		return this.connections;
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
		// the LAX pool applies no limit across routes: there is none to advise on
		int maxTotal = this.totalLimited ? maxTotal() : PoolAdvisor.NO_LIMIT;
		return new PoolAdvisor(propertyNames).advise(this.leases.summary(), maxTotal, maxPerRoute, (route) -> {
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
			for (HttpRoute route : this.routes.keySet()) {
				if (this.maxPerHost.limitFor(route.getTargetHost()) == null) {
					this.pool.setMaxPerRoute(route, maxPerRoute);
				}
			}
		}
		WaitingCallers.serve(this.pool, this.routes.keySet());
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
		for (RouteState route : this.routes.values()) {
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
	 * none, the {@code max-total} it was configured (or resized) with.
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
		forgetUnusedRoutes((this.routes.size() >= MAX_ROUTES * 3 / 4) ? 0 : ROUTE_EXPIRY.toNanos());
	}

	/**
	 * Forgets the routes unused for the given time that hold no connection: their
	 * figures, their adaptive limit and the per-route limit set in HttpClient's pool.
	 * @param idleNanos how long a route must have been unused
	 */
	void forgetUnusedRoutes(long idleNanos) {
		long now = this.leases.now();
		Set<HttpRoute> pinned = this.maxPerHost.directRoutes().keySet();
		for (RouteState state : this.routes.values()) {
			HttpRoute route = state.route();
			if (state.unusedFor(now, idleNanos) && isEmpty(this.pool.getStats(route))
					&& this.routes.remove(route, state)) {
				if (this.adaptiveLimits != null) {
					this.adaptiveLimits.routeRemoved(route);
				}
				if (!pinned.contains(route)) {
					// a route used again later gets its limit again on its first lease
					this.pool.setMaxPerRoute(route, -1);
				}
			}
		}
	}

	private static boolean isEmpty(PoolStats stats) {
		return stats.getLeased() + stats.getAvailable() + stats.getPending() == 0;
	}

	/**
	 * The routes the pool knows now.
	 * @return the routes
	 */
	Set<HttpRoute> knownRoutes() {
		return Collections.unmodifiableSet(this.routes.keySet());
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
		this.gate.drainOver();
		this.pool.close(closeMode);
	}

	@Override
	public void close() {
		close(CloseMode.GRACEFUL);
	}

}
