package io.github.keepalive.client.pool;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.ConnectionTally;
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
import org.jspecify.annotations.Nullable;

/**
 * A client's connection pool: HttpClient's {@link PoolingHttpClientConnectionManager},
 * whose leases pass a {@link LeaseGate} that closes on shutdown and are watched by
 * {@link LeaseObservers} (statistics, adaptive limits, leak detection). A spent connection
 * serves no further request ({@link SpentConnections}). Its routes are kept in
 * {@link PoolRoutes}, its limits in {@link PoolSizing}, and its usage is read by a
 * {@link PoolUsageReader}.
 */
public final class ConnectionPool implements HttpClientConnectionManager {

	private final PoolingHttpClientConnectionManager pool;

	private final LeaseObservers observers;

	private final LeaseGate gate;

	private final PoolRoutes routes;

	private final PoolSizing sizing;

	private final PoolUsageReader usage;

	private volatile boolean closing;

	/** Builds the pool as the constructor below does, with no {@code max-total} known (0). */
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
		InstrumentedConnectionFactory connections = new InstrumentedConnectionFactory(listener, lifePolicy,
				this::isClosing);
		this.pool = builder.setConnectionFactory(connections).build();
		MaxPerHostLimits perHost = new MaxPerHostLimits(maxPerHost);
		perHost.directRoutes().forEach(this.pool::setMaxPerRoute);
		AdaptiveRouteLimits adaptiveLimits = (adaptive != null) ? new AdaptiveRouteLimits(adaptive, this.pool, perHost)
				: null;
		this.observers = new LeaseObservers(leases, listener, leakDetector, adaptiveLimits);
		this.gate = new LeaseGate(clientName);
		this.routes = new PoolRoutes(clientName, this.pool, perHost, adaptiveLimits, listener, leases::now);
		this.sizing = new PoolSizing(this.pool, maxTotal, perHost, adaptiveLimits, this.routes, leases);
		this.usage = new PoolUsageReader(this.pool, connections.tally(), this.gate, leases::now);
	}

	@Override
	public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
		this.gate.checkOpen(id);
		RouteState leasedRoute = this.routes.leasing(route);
		LeaseRequest lease = this.pool.lease(id, route, requestTimeout, state);
		return new PoolLeaseRequest(this, id, lease, leasedRoute);
	}

	// the wait of a PoolLeaseRequest
	ConnectionEndpoint leased(String id, LeaseRequest lease, RouteState route, Timeout timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		long startNanos = this.observers.waitStarted(route);
		ConnectionEndpoint endpoint = null;
		LeaseOutcome outcome = LeaseOutcome.FAILED;
		long leasedAt;
		try {
			endpoint = this.gate.await(id, lease, startNanos, timeout);
			outcome = LeaseOutcome.ACQUIRED;
		}
		catch (Throwable ex) {
			outcome = LeaseOutcome.endedBy(ex, this.gate.isClosed());
			throw ex;
		}
		finally {
			leasedAt = this.observers.waitEnded(route, startNanos, outcome, endpoint != null);
		}
		LeasedEndpoint leased = this.observers.leased(endpoint, route, id, leasedAt);
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
		SpentConnections.leased(endpoint, leasedAt);
		return leased;
	}

	@Override
	public void release(ConnectionEndpoint endpoint, @Nullable Object newState, @Nullable TimeValue validDuration) {
		ConnectionEndpoint released = LeasedEndpoint.unwrap(endpoint);
		// one clock read for all the release records: the hold, the connection's life left
		// and the start of its idle time
		long now = this.observers.now();
		String exchangeId = null;
		if (endpoint instanceof LeasedEndpoint leased) {
			exchangeId = leased.exchangeId();
			// over the route's adaptive limit, or the pool's resized limits, since they came
			// down: closed, HttpClient's pool discards it
			if (this.observers.released(leased, now)
					|| (validDuration != null && this.sizing.overLimit(leased.routeState()))) {
				SpentConnections.closeForLimit(released);
			}
		}
		this.pool.release(released, newState, SpentConnections.released(released, validDuration, now));
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
			LeasedEndpoint.connectedSince(endpoint, start);
		}
	}

	@Override
	public void upgrade(ConnectionEndpoint endpoint, HttpContext context) throws IOException {
		long start = System.nanoTime();
		try {
			this.pool.upgrade(LeasedEndpoint.unwrap(endpoint), context);
		}
		finally {
			LeasedEndpoint.connectedSince(endpoint, start);
		}
	}

	/** {@return the pool now: in total, per route, and the longest current wait} */
	public PoolSnapshot snapshot() {
		return this.usage.snapshot();
	}

	/**
	 * One route's connections now.
	 * @param route the route
	 * @return its usage
	 */
	public PoolUsage usage(HttpRoute route) {
		return this.usage.usage(route);
	}

	/** {@return the pool's connections across all routes now} */
	public PoolUsage totalUsage() {
		return this.usage.total();
	}

	/** {@return the connections the pool established and failed to} */
	public ConnectionTally connections() {
		return this.usage.connections();
	}

	/** {@return the recorded leases} */
	public LeaseStatistics leases() {
		return this.observers.statistics();
	}

	/** {@return the leases held longer than the leak-detection threshold, oldest first; none if off} */
	public List<LeakedLease> leaks() {
		return this.observers.leaks();
	}

	/** {@return the pool's limits, to read or change} */
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

	/** {@return the routes the pool serves} */
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

	/** {@return whether the pool is being closed} */
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
