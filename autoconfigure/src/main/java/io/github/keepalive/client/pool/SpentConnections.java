package io.github.keepalive.client.pool;

import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.connection.ConnectionLifetime;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.jspecify.annotations.Nullable;

/**
 * Keeps connections that are spent, past their own life or made with SSL material since
 * reloaded, from serving another request. HttpClient's own time-to-live is one per route
 * and stays the upper bound; this applies each connection's {@link ConnectionLifetime}.
 */
final class SpentConnections {

	private SpentConnections() {
	}

	/**
	 * On lease: drops a spent connection and keeps the pool entry, into which HttpClient's
	 * connect step opens a new connection.
	 * @param endpoint HttpClient's leased endpoint
	 */
	static void dropIfSpent(ConnectionEndpoint endpoint) {
		ConnectionLifetime lifetime = ConnectionLifetime.of(endpoint);
		if (lifetime != null && lifetime.isOpen() && !lifetime.isReusable()) {
			endpoint.close(CloseMode.GRACEFUL);
		}
	}

	/**
	 * On release: closes a connection the route's limit no longer allows, so that
	 * HttpClient's pool discards it.
	 * @param endpoint HttpClient's endpoint being released
	 */
	static void closeForLimit(ConnectionEndpoint endpoint) {
		ConnectionLifetime lifetime = ConnectionLifetime.of(endpoint);
		if (lifetime != null) {
			lifetime.willClose(ConnectionCloseReason.LIMIT);
		}
		endpoint.close(CloseMode.GRACEFUL);
	}

	/**
	 * On release: how long HttpClient may keep the connection, as long as the response
	 * allows but no longer than the connection's own life, so that the eviction and the
	 * next lease drop it in time. A spent connection is closed now, and HttpClient drops it.
	 * @param endpoint HttpClient's endpoint being released
	 * @param validDuration how long the response allows, or {@code null} to close it
	 * @return how long HttpClient may keep it
	 */
	static @Nullable TimeValue keepAliveWithinLife(ConnectionEndpoint endpoint, @Nullable TimeValue validDuration) {
		ConnectionLifetime lifetime = ConnectionLifetime.of(endpoint);
		if (lifetime == null || validDuration == null || !lifetime.isOpen()) {
			return validDuration;
		}
		if (!lifetime.isReusable()) {
			endpoint.close(CloseMode.GRACEFUL);
			return validDuration;
		}
		// rounded up, so that HttpClient drops it only once it expired by its own clock
		long lifeMillis = lifetime.remainingNanos() / 1_000_000 + 1;
		return (TimeValue.isPositive(validDuration) && validDuration.toMilliseconds() <= lifeMillis) ? validDuration
				: TimeValue.ofMilliseconds(lifeMillis);
	}

}
