package io.github.keepalive.client;

import io.github.keepalive.client.pool.PoolListener;

/**
 * Observes one keep-alive client, as HikariCP's metrics tracker observes one pool: its
 * pool and connections call it directly, one call per event ({@link PoolListener}), and
 * it hears when the client is built and when it closes. Created for each client by a
 * {@link ClientObserverFactory}. Most events arrive on the request path, some inside
 * HttpClient's pool lock: an observer must be fast.
 */
public interface ClientObserver extends PoolListener {

	/** An observer that ignores everything. */
	ClientObserver NONE = new ClientObserver() {
	};

	/**
	 * The client is built: its state can be read from now on (gauges start here).
	 * @param client the client
	 */
	default void clientCreated(KeepAliveHttpClient client) {
	}

	/**
	 * The client closed: no event follows (meters are removed here).
	 */
	default void clientClosed() {
	}

}
