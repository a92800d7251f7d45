package io.github.keepalive.client.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.ConnectionTally;
import io.github.keepalive.client.connection.InstrumentedConnectionFactory;
import io.github.keepalive.client.connection.InstrumentedConnectionManagerBuilder;
import io.github.keepalive.client.pool.ClientShuttingDownException;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * A client's connection pool: HttpClient's {@link PoolingHttpClientConnectionManager},
 * with every lease timed and counted in {@link LeaseStatistics}, each route's state kept
 * in {@link PoolRoutes}, leases tracked by a {@link LeakDetector} when leak detection is
 * on, and the limits (fixed, per host or adaptive) read and changed through
 * {@link PoolSizing}.
 * <p>
 * A spent connection (past its own, jittered, life or made with SSL material since
 * reloaded) serves no further request ({@link SpentConnections}). On shutdown the pool
 * grants no more leases and waits for the leased connections to come back
 * ({@link #startShutdown()}, {@link #awaitReleased(Duration)}).
 */
public final class ConnectionPool implements HttpClientConnectionManager {

	private final PoolingHttpClientConnectionManager pool;

	private final LeaseStatistics leases;

	private final PoolListener listener;

	private final ConnectionTally connections;

	private final LeaseGate gate;

	private final @Nullable LeakDetector leakDetector;

	private final @Nullable AdaptiveRouteLimits adaptiveLimits;

	private final PoolRoutes routes;

	private final PoolSizing sizing;

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
		this.leakDetector = leakDetector;
		InstrumentedConnectionFactory connections = new InstrumentedConnectionFactory(listener, lifePolicy,
				this::isClosing);
		this.connections = connections.tally();
		this.pool = builder.setConnectionFactory(connections).build();
		MaxPerHostLimits perHost = new MaxPerHostLimits(maxPerHost);
		perHost.directRoutes().forEach(this.pool::setMaxPerRoute);
		this.leases = leases;
		this.listener = listener;
		this.gate = new LeaseGate(clientName);
		this.adaptiveLimits = (adaptive != null) ? new AdaptiveRouteLimits(adaptive, this.pool, perHost) : null;
		this.routes = new PoolRoutes(clientName, this.pool, perHost, this.adaptiveLimits, listener, leases::now);
		this.sizing = new PoolSizing(this.pool, maxTotal, perHost, this.adaptiveLimits, this.routes, leases);
	}

	@Override
	public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
		this.gate.checkOpen(id);
		RouteState leasedRoute = this.routes.leasing(route);
		LeaseRequest lease = this.pool.lease(id, route, requestTimeout, state);
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
	 * The pool's limits, to read or change.
	 * @return its sizing
	 */
	public PoolSizing sizing() {
		return this.sizing;
	}

	/**
	 * Closes expired connections, and idle ones older than the given time.
	 * @param idleTime how long a connection must have been idle
	 */
	public void closeIdle(TimeValue idleTime) {
		this.pool.closeExpired();
		this.pool.closeIdle(idleTime);
		this.routes.forgetUnused();
	}

	/**
	 * The routes the pool serves.
	 * @return the routes
	 */
	PoolRoutes routes() {
		return this.routes;
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
