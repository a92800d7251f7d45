package io.github.keepalive.client.connection;

/**
 * Told of one client's connections: opened (established), failed to establish and why,
 * each request sent, closed and why. Called on the request path, so it must be fast and
 * never throw.
 */
public interface ConnectionListener {

	/** A listener that ignores everything. */
	ConnectionListener NONE = new ConnectionListener() {
	};

	/**
	 * A new connection was established.
	 */
	default void connectionOpened() {
	}

	/**
	 * An attempt to establish a connection failed.
	 * @param reason why
	 */
	default void connectionFailed(ConnectionFailureReason reason) {
	}

	/**
	 * A request was sent.
	 */
	default void requestSent() {
	}

	/**
	 * A connection was closed.
	 * @param reason why it was closed
	 * @param requests how many requests it served
	 */
	default void connectionClosed(ConnectionCloseReason reason, long requests) {
	}

}
