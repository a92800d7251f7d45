package io.github.keepalive.client.exec;

import io.github.keepalive.client.connection.IdempotentRequests;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * HttpClient's default retry strategy limited to I/O errors: an idempotent request that
 * meets a stale connection is retried at once (up to {@code maxRetries} times);
 * responses (429, 503) are never retried, since a caller may not expect the delay. A
 * request carrying an {@code Idempotency-Key} header counts as idempotent, whatever its
 * method ({@link IdempotentRequests}). A request that was not sent at all is sent again
 * before this strategy is asked ({@link UnsentRequestResend}).
 */
public final class IdempotentIoRetryStrategy extends DefaultHttpRequestRetryStrategy {

	public IdempotentIoRetryStrategy(int maxRetries) {
		super(maxRetries, TimeValue.ZERO_MILLISECONDS);
	}

	@Override
	public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
		return false;
	}

	@Override
	protected boolean handleAsIdempotent(HttpRequest request) {
		return IdempotentRequests.canBeSentAgain(request);
	}

}
