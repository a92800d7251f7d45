package io.github.keepalive.client.pool;

import java.util.Collection;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Hands the room that raised limits make to the callers already waiting for a connection.
 * HttpClient's STRICT pool serves a waiting caller only when a connection is released,
 * one at a time, while new callers take any free room at once: after a resize the
 * callers already waiting would keep waiting for releases. Going over the pool's
 * connections gives each of them a connection the new limits allow, and a lease, given
 * back at once, wakes them.
 */
final class WaitingCallers {

	private static final Timeout WAKE_UP = Timeout.ofMilliseconds(1);

	private WaitingCallers() {
	}

	static void serve(PoolingHttpClientConnectionManager pool, Collection<HttpRoute> routes) {
		HttpRoute waiting = routes.stream().filter((route) -> pool.getStats(route).getPending() > 0).findFirst()
			.orElse(null);
		if (waiting == null) {
			return;
		}
		pool.closeExpired();
		// on a route with callers waiting there is no idle connection: this lease gets a new,
		// unconnected entry or waits, and either is given back without touching a connection
		LeaseRequest wakeUp = pool.lease("keepalive-wake-up", waiting, WAKE_UP, null);
		try {
			ConnectionEndpoint endpoint = get(wakeUp);
			if (endpoint != null) {
				pool.release(endpoint, null, TimeValue.NEG_ONE_MILLISECOND);
			}
		}
		catch (InterruptedException ex) {
			wakeUp.cancel();
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException ex) {
			// the pool is closing: no caller to wake
		}
	}

	private static ConnectionEndpoint get(LeaseRequest wakeUp) throws InterruptedException, ExecutionException {
		try {
			return wakeUp.get(WAKE_UP);
		}
		catch (TimeoutException ex) {
			// still waiting, behind the callers: HttpClient cancelled it, unless it got its
			// entry in the meantime, which is then to be given back
			try {
				return wakeUp.get(WAKE_UP);
			}
			catch (CancellationException | TimeoutException cancelled) {
				return null;
			}
		}
	}

}
