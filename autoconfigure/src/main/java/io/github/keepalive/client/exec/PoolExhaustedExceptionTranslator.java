package io.github.keepalive.client.exec;

import java.io.IOException;
import java.time.Duration;
import java.util.function.Function;

import io.github.keepalive.client.pool.ConnectionPool;
import io.github.keepalive.client.pool.PoolExhaustedException;
import io.github.keepalive.client.pool.PoolUsage;
import io.github.keepalive.client.pool.RouteNames;
import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.PoolSettings;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionRequestTimeoutException;
import org.apache.hc.core5.http.HttpException;

/**
 * Turns HttpClient's bare lease timeout into a {@link PoolExhaustedException} that says
 * which client, which route and how full the pool was, so the fix is obvious.
 */
public final class PoolExhaustedExceptionTranslator implements ExecChainHandler {

	/** Name of the handler in the exec chain. */
	public static final String NAME = "keepalive-pool-exhausted";

	private final String clientName;

	private final Duration leaseTimeout;

	private final ConnectionPool pool;

	private final Function<ClientSetting, String> names;

	/**
	 * Creates the handler.
	 * @param clientName the client's name
	 * @param leaseTimeout the client's lease timeout
	 * @param pool the client's pool
	 * @param names names the settings the message points to, e.g. as properties
	 */
	public PoolExhaustedExceptionTranslator(String clientName, Duration leaseTimeout, ConnectionPool pool,
			Function<ClientSetting, String> names) {
		this.clientName = clientName;
		this.leaseTimeout = leaseTimeout;
		this.pool = pool;
		this.names = names;
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
			PoolExhaustedException exhausted = new PoolExhaustedException(this.clientName, describe(scope));
			exhausted.setStackTrace(ex.getStackTrace());
			throw exhausted;
		}
	}

	private String describe(ExecChain.Scope scope) {
		PoolUsage route = this.pool.usage(scope.route);
		PoolUsage total = this.pool.totalUsage();
		return "Keep-alive client '" + this.clientName + "' got no connection to " + RouteNames.of(scope.route)
				+ " within " + this.leaseTimeout + " (" + this.names.apply(PoolSettings.LEASE_TIMEOUT)
				+ "): route leased " + route.leased() + "/"
				+ route.max() + ", pending " + route.pending() + "; pool leased " + total.leased() + "/"
				+ this.pool.sizing().maxTotal() + ", available " + total.available() + ", pending " + total.pending()
				+ ". Raise " + this.names.apply(PoolSettings.MAX_PER_ROUTE) + " / "
				+ this.names.apply(PoolSettings.MAX_TOTAL) + ", or make sure every response is closed.";
	}

}
