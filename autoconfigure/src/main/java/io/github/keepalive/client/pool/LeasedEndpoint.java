package io.github.keepalive.client.pool;

import java.io.IOException;

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

/**
 * A connection endpoint as its caller holds it: HttpClient's endpoint, plus the route and
 * the moment it was leased, so that the pool knows on release how long it was held.
 */
final class LeasedEndpoint extends ConnectionEndpoint {

	private final ConnectionEndpoint endpoint;

	private final HttpRoute route;

	private final long leasedAtNanos;

	LeasedEndpoint(ConnectionEndpoint endpoint, HttpRoute route, long leasedAtNanos) {
		this.endpoint = endpoint;
		this.route = route;
		this.leasedAtNanos = leasedAtNanos;
	}

	ConnectionEndpoint endpoint() {
		return this.endpoint;
	}

	HttpRoute route() {
		return this.route;
	}

	long leasedAtNanos() {
		return this.leasedAtNanos;
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
