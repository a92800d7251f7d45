package io.github.keepalive.client.connection;

import java.io.IOException;

/**
 * A request was not sent: its connection was found closed by the server before a byte of
 * the request was written. It can go out again on another connection, whatever its
 * method, since the server cannot have seen it.
 */
public class RequestNotSentException extends IOException {

	/**
	 * Creates an exception.
	 * @param message what was found
	 */
	public RequestNotSentException(String message) {
		super(message);
	}

}
