package io.github.keepalive.client.pool;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.apache.hc.client5.http.EndpointInfo;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.impl.io.HttpRequestExecutor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * A connection endpoint as its caller holds it: HttpClient's endpoint, plus the route, the
 * exchange and the moment it was leased, so that the pool knows on release how long it was
 * held, and how much of that went into opening a connection; and, while leak detection is
 * on, where it was leased and whether it was reported as a leak.
 */
final class LeasedEndpoint extends ConnectionEndpoint {

	private static final int LEASED = 0;

	private static final int REPORTED = 1;

	private static final int RELEASED = 2;

	private static final AtomicIntegerFieldUpdater<LeasedEndpoint> STATE = AtomicIntegerFieldUpdater
		.newUpdater(LeasedEndpoint.class, "state");

	private final ConnectionEndpoint endpoint;

	private final RouteState route;

	private final @Nullable String exchangeId;

	private final long leasedAtNanos;

	// written and read by the exchange's own thread, between lease and release
	private long connectNanos;

	private final @Nullable LeaseOrigin origin;

	private volatile int state = LEASED;

	LeasedEndpoint(ConnectionEndpoint endpoint, RouteState route, @Nullable String exchangeId, long leasedAtNanos,
			@Nullable LeaseOrigin origin) {
		this.endpoint = endpoint;
		this.route = route;
		this.exchangeId = exchangeId;
		this.leasedAtNanos = leasedAtNanos;
		this.origin = origin;
	}

	ConnectionEndpoint endpoint() {
		return this.endpoint;
	}

	HttpRoute route() {
		return this.route.route();
	}

	RouteState routeState() {
		return this.route;
	}

	@Nullable String exchangeId() {
		return this.exchangeId;
	}

	/**
	 * Time went into opening the connection (connect, TLS handshake, proxy tunnel) while
	 * it was leased.
	 * @param nanos how long
	 */
	void connected(long nanos) {
		this.connectNanos += nanos;
	}

	/**
	 * Time went into opening the connection of the given endpoint since the given start,
	 * if it is one the pool leased.
	 * @param endpoint the endpoint HttpClient connected or upgraded
	 * @param startNanos when it started, in {@link System#nanoTime()} terms
	 */
	static void connectedSince(ConnectionEndpoint endpoint, long startNanos) {
		if (endpoint instanceof LeasedEndpoint leased) {
			leased.connected(System.nanoTime() - startNanos);
		}
	}

	/**
	 * How long opening the connection took while it was leased.
	 * @return nanoseconds, 0 for a pooled connection
	 */
	long connectNanos() {
		return this.connectNanos;
	}

	long leasedAtNanos() {
		return this.leasedAtNanos;
	}

	/**
	 * Where the endpoint was leased, or {@code null} if leak detection is off.
	 * @return the origin
	 */
	@Nullable LeaseOrigin origin() {
		return this.origin;
	}

	/**
	 * Marks the lease as reported, unless it was reported or released already.
	 * @return whether it is to be reported now
	 */
	boolean markReported() {
		return STATE.compareAndSet(this, LEASED, REPORTED);
	}

	/**
	 * Marks the lease as released.
	 * @return whether it had been reported as a leak
	 */
	boolean markReleased() {
		return STATE.getAndSet(this, RELEASED) == REPORTED;
	}

	static ConnectionEndpoint unwrap(ConnectionEndpoint endpoint) {
		return (endpoint instanceof LeasedEndpoint leased) ? leased.endpoint : endpoint;
	}

	@Override
	public ClassicHttpResponse execute(String id, ClassicHttpRequest request, HttpRequestExecutor executor,
			HttpContext context) throws IOException, HttpException {
		return this.endpoint.execute(id, request, executor, context);
	}

	@Override
	public ClassicHttpResponse execute(String id, ClassicHttpRequest request, RequestExecutor executor,
			HttpContext context) throws IOException, HttpException {
		return this.endpoint.execute(id, request, executor, context);
	}

	@Override
	public boolean isConnected() {
		return this.endpoint.isConnected();
	}

	@Override
	public void setSocketTimeout(Timeout timeout) {
		this.endpoint.setSocketTimeout(timeout);
	}

	@Override
	public EndpointInfo getInfo() {
		return this.endpoint.getInfo();
	}

	@Override
	public void close(CloseMode closeMode) {
		this.endpoint.close(closeMode);
	}

	@Override
	public void close() throws IOException {
		this.endpoint.close();
	}

	@Override
	public String toString() {
		return this.endpoint.toString();
	}

}
