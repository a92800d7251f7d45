package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A client's pool at one moment: in total, per route, and how long the caller that has
 * waited longest for a connection has been waiting.
 *
 * @param total connections across all routes
 * @param routes connections per route, keyed by {@link RouteNames route name}
 * @param oldestWait how long the longest-waiting caller has waited, or {@code null} if
 * no caller is waiting
 */
public record PoolSnapshot(PoolUsage total, Map<String, PoolUsage> routes, @Nullable Duration oldestWait) {

	public PoolSnapshot {
		routes = Map.copyOf(routes);
	}

}
