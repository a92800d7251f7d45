package io.github.keepalive.client.pool;

import org.apache.hc.core5.pool.PoolStats;

/**
 * Connections of a pool, or of one of its routes, at one moment.
 *
 * @param leased connections in use
 * @param available idle connections
 * @param pending callers waiting for a connection
 * @param max maximum connections
 */
public record PoolUsage(int leased, int available, int pending, int max) {

	static PoolUsage of(PoolStats stats) {
		return new PoolUsage(stats.getLeased(), stats.getAvailable(), stats.getPending(), stats.getMax());
	}

}
