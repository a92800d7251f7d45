package io.github.keepalive.client;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.connection.ConnectionFailureReason;
import io.github.keepalive.client.pool.LeaseOutcome;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.HttpRoute;

/**
 * Passes every event to several listeners, each on its own: a listener that throws is
 * logged, once per listener and kind of event, and neither the other listeners nor the
 * lease, release or close that reported the event notice it. Listeners are called inside
 * HttpClient's pool operations, where an exception would leak a connection.
 */
final class CompositeKeepAliveClientListener implements KeepAliveClientListener {

	private static final Log logger = LogFactory.getLog(CompositeKeepAliveClientListener.class);

	private final List<KeepAliveClientListener> listeners;

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	CompositeKeepAliveClientListener(List<KeepAliveClientListener> listeners) {
		this.listeners = listeners;
	}

	@Override
	public void clientCreated(KeepAliveHttpClient client) {
		each("clientCreated", (listener) -> listener.clientCreated(client));
	}

	@Override
	public void leaseCompleted(String clientName, Duration waited, LeaseOutcome outcome) {
		each("leaseCompleted", (listener) -> listener.leaseCompleted(clientName, waited, outcome));
	}

	@Override
	public void routeAdded(String clientName, HttpRoute route) {
		each("routeAdded", (listener) -> listener.routeAdded(clientName, route));
	}

	@Override
	public void leakDetected(String clientName, HttpRoute route, Duration held) {
		each("leakDetected", (listener) -> listener.leakDetected(clientName, route, held));
	}

	@Override
	public void connectionOpened(String clientName) {
		each("connectionOpened", (listener) -> listener.connectionOpened(clientName));
	}

	@Override
	public void connectionFailed(String clientName, ConnectionFailureReason reason) {
		each("connectionFailed", (listener) -> listener.connectionFailed(clientName, reason));
	}

	@Override
	public void requestSent(String clientName) {
		each("requestSent", (listener) -> listener.requestSent(clientName));
	}

	@Override
	public void connectionClosed(String clientName, ConnectionCloseReason reason, long requests) {
		each("connectionClosed", (listener) -> listener.connectionClosed(clientName, reason, requests));
	}

	private void each(String event, Consumer<KeepAliveClientListener> call) {
		for (KeepAliveClientListener listener : this.listeners) {
			try {
				call.accept(listener);
			}
			catch (RuntimeException ex) {
				failed(listener, event, ex);
			}
		}
	}

	private void failed(KeepAliveClientListener listener, String event, RuntimeException ex) {
		String name = listener.getClass().getName();
		if (this.reported.add(name + '@' + Integer.toHexString(System.identityHashCode(listener)) + ' ' + event)) {
			logger.warn("KeepAliveClientListener " + name + " failed in " + event
					+ "; the event goes on without it (logged once per listener and event)", ex);
		}
	}

}
