package io.github.keepalive.client.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Consumer;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpStatus;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * Ends a warm-up exchange once its connection is open, without sending the request.
 * Placed just after HttpClient's connect step, it sees the endpoint as that step left it:
 * connected to the planned route, through the proxy's {@code CONNECT} (with proxy
 * authentication) and the TLS handshake where the route has them. A warm-up exchange
 * calls back its warm-up, which returns once the connection may go back to the pool, and
 * puts the connection back as idle and reusable; any other exchange passes through.
 */
public final class WarmUpHandler implements ExecChainHandler {

	/** Name of the handler in the exec chain. */
	public static final String NAME = "keepalive-warm-up";

	private static final String ATTRIBUTE = WarmUpHandler.class.getName();

	private final TimeValue keepAlive;

	/**
	 * Creates the handler.
	 * @param keepAlive how long a warmed connection may stay idle in the pool
	 */
	public WarmUpHandler(Duration keepAlive) {
		this.keepAlive = TimeValue.ofMilliseconds(keepAlive.toMillis());
	}

	/**
	 * Makes an exchange a warm-up exchange.
	 * @param context the exchange's context
	 * @param connected called with the route once the connection is open, on the
	 * exchange's thread; the connection goes back to the pool when it returns
	 */
	public static void warmUp(HttpContext context, Consumer<HttpRoute> connected) {
		context.setAttribute(ATTRIBUTE, connected);
	}

	@Override
	@SuppressWarnings("unchecked")
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		Object connected = scope.clientContext.getAttribute(ATTRIBUTE);
		if (connected == null) {
			return chain.proceed(request, scope);
		}
		((Consumer<HttpRoute>) connected).accept(scope.route);
		scope.execRuntime.markConnectionReusable(null, this.keepAlive);
		scope.execRuntime.releaseEndpoint();
		return new BasicClassicHttpResponse(HttpStatus.SC_NO_CONTENT);
	}

}
