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
 * and stays the upper bound; this applies each connection's {@link ConnectionLifetime},
 * and tells the connection the moments of its lease and release, which the pool read.
 */
final class SpentConnections {

	private SpentConnections() {
	}

	/**
	 * On lease: tells the connection when it was leased, and drops it if it is spent,
	 * keeping the pool entry, into which HttpClient's connect step opens a new connection.
	 * @param endpoint HttpClient's leased endpoint
	 * @param now when it was leased
	 */
	static void leased(ConnectionEndpoint endpoint, long now) {
		ConnectionLifetime lifetime = ConnectionLifetime.of(endpoint);
		if (lifetime == null) {
			return;
		}
		lifetime.leased(now);
		if (lifetime.isOpen() && !lifetime.isReusable(now)) {
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
	 * On release: tells the connection when it came back, and returns how long HttpClient
	 * may keep it, as long as the response allows but no longer than the connection's own
	 * life, so that the eviction and the next lease drop it in time. A spent connection is
	 * closed now, and HttpClient drops it.
	 * @param endpoint HttpClient's endpoint being released
	 * @param validDuration how long the response allows, or {@code null} to close it
	 * @param now when it came back
	 * @return how long HttpClient may keep it
	 */
	static @Nullable TimeValue released(ConnectionEndpoint endpoint, @Nullable TimeValue validDuration, long now) {
		ConnectionLifetime lifetime = ConnectionLifetime.of(endpoint);
		if (lifetime == null) {
			return validDuration;
		}
		lifetime.released(now);
		if (validDuration == null || !lifetime.isOpen()) {
			return validDuration;
		}
		if (!lifetime.isReusable(now)) {
			endpoint.close(CloseMode.GRACEFUL);
			return validDuration;
		}
		// rounded up, so that HttpClient drops it only once it expired by its own clock
		long lifeMillis = lifetime.remainingNanos(now) / 1_000_000 + 1;
		return (TimeValue.isPositive(validDuration) && validDuration.toMilliseconds() <= lifeMillis) ? validDuration
				: TimeValue.ofMilliseconds(lifeMillis);
	}

}
