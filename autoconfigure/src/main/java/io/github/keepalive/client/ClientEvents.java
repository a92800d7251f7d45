package io.github.keepalive.client;

import java.time.Duration;

import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.connection.ConnectionListener;
import io.github.keepalive.client.pool.ConnectionPool;
import org.apache.hc.client5.http.HttpRoute;

/**
 * One client's connection and lease events, passed to the application's
 * {@link KeepAliveClientListener} with the client's name.
 */
final class ClientEvents implements ConnectionListener, ConnectionPool.LeaseListener {

	private final String clientName;

	private final KeepAliveClientListener listener;

	ClientEvents(String clientName, KeepAliveClientListener listener) {
		this.clientName = clientName;
		this.listener = listener;
	}

	@Override
	public void connectionOpened() {
		this.listener.connectionOpened(this.clientName);
	}

	@Override
	public void requestSent() {
		this.listener.requestSent(this.clientName);
	}

	@Override
	public void connectionClosed(ConnectionCloseReason reason, long requests) {
		this.listener.connectionClosed(this.clientName, reason, requests);
	}

	@Override
	public void leaseCompleted(Duration waited, boolean acquired) {
		this.listener.leaseCompleted(this.clientName, waited, acquired);
	}

	@Override
	public void routeAdded(HttpRoute route) {
		this.listener.routeAdded(this.clientName, route);
	}

	@Override
	public void leakDetected(HttpRoute route, Duration held) {
		this.listener.leakDetected(this.clientName, route, held);
	}

}
