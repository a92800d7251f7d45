package io.github.keepalive.client.exec;

import java.io.IOException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.classic.ExecRuntime;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Runs the retry of a request that failed with an I/O error, or the second attempt of one
 * that was not sent, on a newly opened connection.
 * Left alone, the retry leases whatever the pool hands out, which may be another
 * connection the server is closing at that very moment (same idle timeout, same sweep),
 * and the request fails twice. Placed just before HttpClient's connect step, this handler
 * leases the connection itself and closes it if it is an open pooled one, so that the
 * connect step opens a fresh one.
 */
public final class FreshConnectionOnRetry implements ExecChainHandler {

	/** Name of the handler in the exec chain. */
	public static final String NAME = "keepalive-fresh-connection-on-retry";

	private static final String ATTRIBUTE = FreshConnectionOnRetry.class.getName();

	/**
	 * Asks for the next attempt of the request to run on a fresh connection.
	 * @param context the request's context
	 */
	static void requestFor(HttpContext context) {
		context.setAttribute(ATTRIBUTE, Boolean.TRUE);
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		if (scope.clientContext.removeAttribute(ATTRIBUTE) != null) {
			ExecRuntime runtime = scope.execRuntime;
			if (!runtime.isEndpointAcquired()) {
				runtime.acquireEndpoint(scope.exchangeId, scope.route, scope.clientContext.getUserToken(),
						scope.clientContext);
			}
			if (runtime.isEndpointConnected()) {
				runtime.disconnectEndpoint();
			}
		}
		return chain.proceed(request, scope);
	}

}
