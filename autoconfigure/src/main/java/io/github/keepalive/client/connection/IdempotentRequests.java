package io.github.keepalive.client.connection;

import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.Method;

/**
 * Which requests may be sent again after they were written: those whose method is
 * idempotent, and those that carry an {@code Idempotency-Key} header, whatever their
 * method (as Go's {@code net/http} does, after the IETF Idempotency-Key draft).
 */
public final class IdempotentRequests {

	/** The header that makes any request safe to send again. */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private IdempotentRequests() {
	}

	/**
	 * Whether a request that may have reached the server may be sent again.
	 * @param request the request
	 * @return whether it may
	 */
	public static boolean canBeSentAgain(HttpRequest request) {
		return Method.isIdempotent(request.getMethod()) || request.containsHeader(IDEMPOTENCY_KEY);
	}

}
