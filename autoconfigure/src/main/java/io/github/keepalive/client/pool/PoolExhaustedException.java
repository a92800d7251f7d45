package io.github.keepalive.client.pool;

import org.apache.hc.core5.http.ConnectionRequestTimeoutException;

/**
 * Thrown when no pooled connection became free within the client's lease timeout. The
 * message names the client, the route and the pool's state.
 */
public class PoolExhaustedException extends ConnectionRequestTimeoutException {

	private final String clientName;

	public PoolExhaustedException(String clientName, String message) {
		super(message);
		this.clientName = clientName;
	}

	/**
	 * The name of the client whose pool was exhausted.
	 * @return the client name
	 */
	public String getClientName() {
		return this.clientName;
	}

}
