package io.github.keepalive.client.pool;

import java.util.Map;

/**
 * The limits a pool runs with now; they start as the client's settings and change with
 * each resize.
 *
 * @param maxTotal connections across all routes
 * @param maxPerRoute connections to one route, unless {@code maxPerHost} says otherwise
 * @param maxPerHost per-route overrides keyed by {@code host} or {@code host:port}
 */
public record PoolLimits(int maxTotal, int maxPerRoute, Map<String, Integer> maxPerHost) {

	public PoolLimits {
		maxPerHost = Map.copyOf(maxPerHost);
	}

}
