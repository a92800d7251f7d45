package io.github.keepalive.client.pool;

import java.io.IOException;
import java.util.Collection;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Hands the room that raised limits make to the callers already waiting for a connection.
 * HttpClient's pools serve a waiting caller only when a connection is released, while new
 * callers take any free room at once: after a resize the callers already waiting would
 * keep waiting for releases. A lease taken and given back at once wakes them: in the
 * STRICT pool giving back a new, unconnected entry serves every waiting caller the new
 * limits allow; the OFFLOCK pool hands over only a connection that can be reused, so as
 * long as callers still wait and there is room, a connection is opened for each and handed
 * over (not for a route through a proxy's tunnel, which HttpClient's exchange opens).
 */
final class WaitingCallers {

	private static final Timeout WAKE_UP = Timeout.ofMilliseconds(1);

	private static final Timeout CONNECT_TIMEOUT = Timeout.ofSeconds(5);

	private static final TimeValue HANDED_OVER = TimeValue.ofMinutes(1);

	private WaitingCallers() {
	}

	static void serve(PoolingHttpClientConnectionManager pool, Collection<HttpRoute> routes) {
		for (HttpRoute route : routes) {
			int waiting = pool.getStats(route).getPending();
			if (waiting == 0) {
				continue;
			}
			pool.closeExpired();
			boolean connect = false;
			// the first wake-up goes ahead whatever the pool counts as pending now: going over
			// its expired connections may have cleared a cancelled lease from its count but
			// not served the callers behind it
			for (int i = 0; i <= waiting && (i == 0 || isWaitingWithRoom(pool, route)); i++) {
				if (!wakeUp(pool, route, connect && !route.isTunnelled())) {
					break;
				}
				connect = true;
			}
		}
	}

	private static boolean isWaitingWithRoom(PoolingHttpClientConnectionManager pool, HttpRoute route) {
		// without room a wake-up would queue behind the callers, and the OFFLOCK pool keeps
		// counting a lease given up in its queue as pending
		PoolStats stats = pool.getStats(route);
		PoolStats total = pool.getTotalStats();
		return stats.getPending() > 0 && stats.getLeased() + stats.getAvailable() < stats.getMax()
				&& total.getLeased() + total.getAvailable() < total.getMax();
	}

	/**
	 * Takes a lease of the route and gives it back.
	 * @return whether there was room for it
	 */
	private static boolean wakeUp(PoolingHttpClientConnectionManager pool, HttpRoute route, boolean connect) {
		// on a route with callers waiting there is no idle connection: this lease gets a new,
		// unconnected entry or waits, and a wait is given back without touching a connection
		LeaseRequest wakeUp = pool.lease("keepalive-wake-up", route, WAKE_UP, null);
		try {
			ConnectionEndpoint endpoint = get(wakeUp);
			if (endpoint == null) {
				return false;
			}
			if (connect && !endpoint.isConnected()) {
				try {
					pool.connect(endpoint, CONNECT_TIMEOUT, HttpClientContext.create());
				}
				catch (IOException ex) {
					pool.release(endpoint, null, null);
					return false;
				}
			}
			pool.release(endpoint, null, endpoint.isConnected() ? HANDED_OVER : TimeValue.NEG_ONE_MILLISECOND);
			return true;
		}
		catch (InterruptedException ex) {
			wakeUp.cancel();
			Thread.currentThread().interrupt();
			return false;
		}
		catch (ExecutionException ex) {
			// the pool is closing: no caller to wake
			return false;
		}
	}

	private static @Nullable ConnectionEndpoint get(LeaseRequest wakeUp)
			throws InterruptedException, ExecutionException {
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
