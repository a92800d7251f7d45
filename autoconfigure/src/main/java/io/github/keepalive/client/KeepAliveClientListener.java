package io.github.keepalive.client;

import java.time.Duration;
import java.util.List;

import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.connection.ConnectionFailureReason;
import io.github.keepalive.client.pool.LeaseOutcome;
import org.apache.hc.client5.http.HttpRoute;

/**
 * Receives the events of keep-alive clients: the connections they open (or fail to) and
 * close, the requests each connection serves, the time spent waiting for a pooled
 * connection and the connections held for longer than the leak-detection threshold.
 * Called on the request path, so implementations must be fast; one that throws is logged
 * and ignored.
 */
public interface KeepAliveClientListener {

	/** A listener that ignores every event. */
	KeepAliveClientListener NONE = new KeepAliveClientListener() {
	};

	/**
	 * A listener that passes every event to each of the given listeners in turn; one that
	 * throws is logged (once per listener and kind of event) and skipped.
	 * @param listeners the listeners
	 * @return the composite listener
	 */
	static KeepAliveClientListener of(List<KeepAliveClientListener> listeners) {
		if (listeners.isEmpty()) {
			return NONE;
		}
		if (listeners.size() == 1 && listeners.get(0) instanceof CompositeKeepAliveClientListener composite) {
			return composite;
		}
		return new CompositeKeepAliveClientListener(List.copyOf(listeners));
	}

	/**
	 * A client was created.
	 * @param client the client
	 */
	default void clientCreated(KeepAliveHttpClient client) {
	}

	/**
	 * A caller's wait for a pooled connection ended: it got one, or gave up after the
	 * lease timeout, or its wait was cancelled, interrupted, ended by a shutdown, or failed.
	 * @param clientName the client's name
	 * @param waited how long the caller waited
	 * @param outcome how the wait ended
	 */
	default void leaseCompleted(String clientName, Duration waited, LeaseOutcome outcome) {
	}

	/**
	 * A client used a route for the first time.
	 * @param clientName the client's name
	 * @param route the route
	 */
	default void routeAdded(String clientName, HttpRoute route) {
	}

	/**
	 * A connection has been leased for longer than the client's leak-detection threshold:
	 * a probable leak, reported once per lease.
	 * @param clientName the client's name
	 * @param route the connection's route
	 * @param held how long it has been leased
	 */
	default void leakDetected(String clientName, HttpRoute route, Duration held) {
	}

	/**
	 * A new connection was established.
	 * @param clientName the client's name
	 */
	default void connectionOpened(String clientName) {
	}

	/**
	 * An attempt to establish a connection failed.
	 * @param clientName the client's name
	 * @param reason why
	 */
	default void connectionFailed(String clientName, ConnectionFailureReason reason) {
	}

	/**
	 * A request was sent.
	 * @param clientName the client's name
	 */
	default void requestSent(String clientName) {
	}

	/**
	 * A connection was closed.
	 * @param clientName the client's name
	 * @param reason why it was closed
	 * @param requests how many requests it served
	 */
	default void connectionClosed(String clientName, ConnectionCloseReason reason, long requests) {
	}

}
