package io.github.keepalive.client.exec;

import java.io.IOException;

import io.github.keepalive.client.connection.RequestNotSentException;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;

/**
 * Sends a request again, whatever its method and whether its body can be repeated, when
 * its connection was found closed (or renewed) before a byte of it was written
 * ({@link RequestNotSentException}): the server cannot have seen it. Placed just after
 * HttpClient's retry step, the next attempt, a copy of the original request as the retry
 * step makes, leases another connection, which is checked the same way, or opens one. After a restart the pool may hold several closed
 * connections, each found in one system call, so the attempts are bounded by the pool's
 * size rather than by the retry count; HttpClient's retry step, which refuses a body
 * that cannot be repeated, never sees these.
 */
public final class UnsentRequestResend implements ExecChainHandler {

	/** Name of the handler in the exec chain. */
	public static final String NAME = "keepalive-unsent-request-resend";

	private final int maxAttempts;

	/**
	 * Creates the handler.
	 * @param maxAttempts the most attempts of one request, at least the pool's size plus one
	 */
	public UnsentRequestResend(int maxAttempts) {
		this.maxAttempts = maxAttempts;
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		ClassicHttpRequest attemptRequest = request;
		for (int attempt = 1;; attempt++) {
			try {
				return chain.proceed(attemptRequest, scope);
			}
			catch (RequestNotSentException ex) {
				if (attempt >= this.maxAttempts) {
					throw ex;
				}
				// the failed attempt discarded its connection: the next one leases another
				attemptRequest = ClassicRequestBuilder.copy(scope.originalRequest).build();
			}
		}
	}

}
