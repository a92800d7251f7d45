package io.github.keepalive.client.pool;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.util.Timeout;

/**
 * HttpClient's lease request as the pool hands it to the exchange, so that the wait for
 * the connection goes through the pool, which gates and observes it. It holds only what
 * that wait needs: the one object a lease adds to HttpClient's own request.
 */
final class PoolLeaseRequest implements LeaseRequest {

	private final ConnectionPool pool;

	private final String exchangeId;

	private final LeaseRequest lease;

	private final RouteState route;

	PoolLeaseRequest(ConnectionPool pool, String exchangeId, LeaseRequest lease, RouteState route) {
		this.pool = pool;
		this.exchangeId = exchangeId;
		this.lease = lease;
		this.route = route;
	}

	@Override
	public ConnectionEndpoint get(Timeout timeout) throws InterruptedException, ExecutionException, TimeoutException {
		return this.pool.leased(this.exchangeId, this.lease, this.route, timeout);
	}

	@Override
	public boolean cancel() {
		return this.lease.cancel();
	}

}
