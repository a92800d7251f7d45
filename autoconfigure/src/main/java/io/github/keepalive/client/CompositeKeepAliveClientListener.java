package io.github.keepalive.client;

import java.time.Duration;
import java.util.List;

import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.connection.ConnectionFailureReason;
import org.apache.hc.client5.http.HttpRoute;

/**
 * Passes every event to several listeners.
 */
final class CompositeKeepAliveClientListener implements KeepAliveClientListener {

	private final List<KeepAliveClientListener> listeners;

	CompositeKeepAliveClientListener(List<KeepAliveClientListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public void clientCreated(KeepAliveHttpClient client) {
		this.listeners.forEach((listener) -> listener.clientCreated(client));
	}

	@Override
	public void leaseCompleted(String clientName, Duration waited, boolean acquired) {
		this.listeners.forEach((listener) -> listener.leaseCompleted(clientName, waited, acquired));
	}

	@Override
	public void routeAdded(String clientName, HttpRoute route) {
		this.listeners.forEach((listener) -> listener.routeAdded(clientName, route));
	}

	@Override
	public void leakDetected(String clientName, HttpRoute route, Duration held) {
		this.listeners.forEach((listener) -> listener.leakDetected(clientName, route, held));
	}

	@Override
	public void connectionOpened(String clientName) {
		this.listeners.forEach((listener) -> listener.connectionOpened(clientName));
	}

	@Override
	public void connectionFailed(String clientName, ConnectionFailureReason reason) {
		this.listeners.forEach((listener) -> listener.connectionFailed(clientName, reason));
	}

	@Override
	public void requestSent(String clientName) {
		this.listeners.forEach((listener) -> listener.requestSent(clientName));
	}

	@Override
	public void connectionClosed(String clientName, ConnectionCloseReason reason, long requests) {
		this.listeners.forEach((listener) -> listener.connectionClosed(clientName, reason, requests));
	}

}
