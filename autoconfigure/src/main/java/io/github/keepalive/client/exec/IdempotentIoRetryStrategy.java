package io.github.keepalive.client.exec;

import java.io.IOException;

import io.github.keepalive.client.connection.RequestNotSentException;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.core5.concurrent.CancellableDependency;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * HttpClient's default retry strategy limited to I/O errors: an idempotent request that
 * meets a stale connection is retried at once (up to {@code maxRetries} times) on a fresh
 * one; responses (429, 503) are never retried, since a caller may not expect the delay. A
 * request carrying an {@code Idempotency-Key} header counts as idempotent, whatever its
 * method (as Go's {@code net/http} does, after the IETF Idempotency-Key draft). A request
 * that was not sent at all ({@link RequestNotSentException}: its connection was found
 * closed before a byte of it was written) is sent once more whatever its method, also
 * with {@code maxRetries} 0, since the server cannot have seen it. The next attempt runs
 * on a newly opened connection ({@link FreshConnectionOnRetry}).
 */
public final class IdempotentIoRetryStrategy extends DefaultHttpRequestRetryStrategy {

	/** The header that makes any request safe to retry. */
	public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

	private final int maxRetries;

	public IdempotentIoRetryStrategy(int maxRetries) {
		super(maxRetries, TimeValue.ZERO_MILLISECONDS);
		this.maxRetries = maxRetries;
	}

	@Override
	public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
		boolean retry = (exception instanceof RequestNotSentException)
				? execCount <= this.maxRetries + 1 && !isCancelled(request)
				: super.retryRequest(request, exception, execCount, context);
		if (retry) {
			FreshConnectionOnRetry.requestFor(context);
		}
		return retry;
	}

	private static boolean isCancelled(HttpRequest request) {
		return request instanceof CancellableDependency cancellable && cancellable.isCancelled();
	}

	@Override
	public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
		return false;
	}

	@Override
	protected boolean handleAsIdempotent(HttpRequest request) {
		return Method.isIdempotent(request.getMethod()) || request.containsHeader(IDEMPOTENCY_KEY);
	}

}
