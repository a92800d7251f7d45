package io.github.keepalive.client;

import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * HttpClient's default retry strategy limited to I/O errors: an idempotent request that
 * meets a stale connection is retried at once on a fresh one; responses (429, 503) are
 * never retried, since a caller may not expect the delay.
 */
final class IdempotentIoRetryStrategy extends DefaultHttpRequestRetryStrategy {

	IdempotentIoRetryStrategy(int maxRetries) {
		super(maxRetries, TimeValue.ZERO_MILLISECONDS);
	}

	@Override
	public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
		return false;
	}

}
