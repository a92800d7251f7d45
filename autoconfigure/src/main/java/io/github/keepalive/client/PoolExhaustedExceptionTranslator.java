package io.github.keepalive.client;

import java.io.IOException;
import java.time.Duration;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.pool.PoolStats;

/**
 * Turns HttpClient's bare lease timeout into a {@link PoolExhaustedException} that says
 * which client, which route and how full the pool was, so the fix is obvious.
 */
final class PoolExhaustedExceptionTranslator implements ExecChainHandler {

	static final String NAME = "keepalive-pool-exhausted";

	private final String clientName;

	private final Duration leaseTimeout;

	private final PoolingHttpClientConnectionManager connectionManager;

	PoolExhaustedExceptionTranslator(String clientName, Duration leaseTimeout,
			PoolingHttpClientConnectionManager connectionManager) {
		this.clientName = clientName;
		this.leaseTimeout = leaseTimeout;
		this.connectionManager = connectionManager;
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		try {
			return chain.proceed(request, scope);
		}
		catch (PoolExhaustedException ex) {
			throw ex;
		}
		catch (ConnectionRequestTimeoutException ex) {
			// Replaces HttpClient's bare "Timeout deadline" rather than wrapping it, so the root
			// cause a caller logs is the message that explains the pool
			PoolExhaustedException exhausted = new PoolExhaustedException(this.clientName, describe(scope.route));
			exhausted.setStackTrace(ex.getStackTrace());
			throw exhausted;
		}
	}

	private String describe(HttpRoute route) {
		PoolStats routeStats = this.connectionManager.getStats(route);
		PoolStats totalStats = this.connectionManager.getTotalStats();
		return "Keep-alive client '" + this.clientName + "' got no connection to " + route.getTargetHost()
				+ " within " + this.leaseTimeout + " (pool.lease-timeout): route leased " + routeStats.getLeased() + "/"
				+ routeStats.getMax() + ", pending " + routeStats.getPending() + "; pool leased "
				+ totalStats.getLeased() + "/" + this.connectionManager.getMaxTotal() + ", available "
				+ totalStats.getAvailable() + ", pending " + totalStats.getPending()
				+ ". Raise pool.max-per-route / pool.max-total, or make sure every response is closed.";
	}

}
