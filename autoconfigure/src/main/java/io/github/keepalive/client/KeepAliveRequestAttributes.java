package io.github.keepalive.client;

import java.time.Duration;

/**
 * Request attributes that the starter's clients read, set with
 * {@code RestClient.RequestHeadersSpec.attribute(name, value)}.
 */
public final class KeepAliveRequestAttributes {

	/**
	 * The read timeout of this one request, a {@link Duration}: how long to wait for the
	 * response, in place of the client's {@code read-timeout}. It changes nothing else:
	 * the request runs on the client's pool, on a pooled connection.
	 */
	public static final String READ_TIMEOUT = "keepalive.read-timeout";

	private KeepAliveRequestAttributes() {
	}

}
