/**
 * A client's connection pool: leases and their statistics, limits, resize, eviction,
 * spent connections and the lease gate of a draining shutdown.
 * Internal to the starter, except the read-only views ({@code PoolSnapshot},
 * {@code PoolUsage}, {@code LeaseSummary}, {@code PoolLimits}).
 */
@NullMarked
package io.github.keepalive.client.pool;

import org.jspecify.annotations.NullMarked;
