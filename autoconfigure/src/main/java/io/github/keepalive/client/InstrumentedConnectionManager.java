package io.github.keepalive.client;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.HttpClientConnectionManager;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Times every lease from the pool and reports it to the client's listener; everything
 * else goes straight to the pool.
 */
final class InstrumentedConnectionManager implements HttpClientConnectionManager {

	private final HttpClientConnectionManager pool;

	private final String clientName;

	private final KeepAliveClientListener listener;

	InstrumentedConnectionManager(HttpClientConnectionManager pool, String clientName,
			KeepAliveClientListener listener) {
		this.pool = pool;
		this.clientName = clientName;
		this.listener = listener;
	}

	@Override
	public LeaseRequest lease(String id, HttpRoute route, Timeout requestTimeout, Object state) {
		LeaseRequest lease = this.pool.lease(id, route, requestTimeout, state);
		long start = System.nanoTime();
		return new LeaseRequest() {

			@Override
			public ConnectionEndpoint get(Timeout timeout)
					throws InterruptedException, ExecutionException, TimeoutException {
				boolean acquired = false;
				try {
					ConnectionEndpoint endpoint = lease.get(timeout);
					acquired = true;
					return endpoint;
				}
				finally {
					InstrumentedConnectionManager.this.listener.leaseCompleted(
							InstrumentedConnectionManager.this.clientName,
							Duration.ofNanos(System.nanoTime() - start), acquired);
				}
			}

			@Override
			public boolean cancel() {
				return lease.cancel();
			}

		};
	}

	@Override
	public void release(ConnectionEndpoint endpoint, Object newState, TimeValue validDuration) {
		this.pool.release(endpoint, newState, validDuration);
	}

	@Override
	public void connect(ConnectionEndpoint endpoint, TimeValue connectTimeout, HttpContext context)
			throws IOException {
		this.pool.connect(endpoint, connectTimeout, context);
	}

	@Override
	public void upgrade(ConnectionEndpoint endpoint, HttpContext context) throws IOException {
		this.pool.upgrade(endpoint, context);
	}

	@Override
	public void close(CloseMode closeMode) {
		this.pool.close(closeMode);
	}

	@Override
	public void close() throws IOException {
		this.pool.close();
	}

}
