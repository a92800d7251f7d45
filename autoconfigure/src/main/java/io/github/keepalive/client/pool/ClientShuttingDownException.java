package io.github.keepalive.client.pool;

/**
 * Thrown when a request needs a connection from a client that is shutting down: once the
 * application context closes, no connection is leased any more, while requests that hold
 * one get the drain timeout to finish.
 */
public class ClientShuttingDownException extends IllegalStateException {

	private final String clientName;

	public ClientShuttingDownException(String clientName) {
		super("Keep-alive client '" + clientName + "' is shutting down: no new connection is leased. Requests that "
				+ "already hold one may finish within keepalive.shutdown.drain-timeout.");
		this.clientName = clientName;
	}

	/**
	 * The name of the client that is shutting down.
	 * @return the client name
	 */
	public String getClientName() {
		return this.clientName;
	}

}
