package io.github.keepalive.client.exec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;

import io.github.keepalive.client.connection.StaleRoutes;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * HttpClient's default retry strategy limited to I/O errors: an idempotent request that
 * meets a stale connection is retried at once on a fresh one; responses (429, 503) are
 * never retried, since a caller may not expect the delay. The retry runs on a newly opened
 * connection ({@link FreshConnectionOnRetry}), and a stale connection marks its route in
 * {@link StaleRoutes}, so that later requests do not pick another connection closed in
 * the same sweep.
 */
public final class IdempotentIoRetryStrategy extends DefaultHttpRequestRetryStrategy {

	private final StaleRoutes staleRoutes;

	public IdempotentIoRetryStrategy(int maxRetries, StaleRoutes staleRoutes) {
		super(maxRetries, TimeValue.ZERO_MILLISECONDS);
		this.staleRoutes = staleRoutes;
	}

	@Override
	public boolean retryRequest(HttpRequest request, IOException exception, int execCount, HttpContext context) {
		if (isStaleConnection(exception)
				&& HttpClientContext.castOrCreate(context).getHttpRoute() instanceof HttpRoute route) {
			this.staleRoutes.markStale(route);
		}
		boolean retry = super.retryRequest(request, exception, execCount, context);
		if (retry) {
			FreshConnectionOnRetry.requestFor(context);
		}
		return retry;
	}

	@Override
	public boolean retryRequest(HttpResponse response, int execCount, HttpContext context) {
		return false;
	}

	private static boolean isStaleConnection(IOException exception) {
		return exception instanceof NoHttpResponseException || (exception instanceof SocketException
				&& !(exception instanceof ConnectException) && !(exception instanceof NoRouteToHostException));
	}

}
