/**
 * A client's connection pool: leases and their statistics, limits (fixed or adaptive),
 * resize, eviction, leak detection, spent connections and the lease gate of a draining
 * shutdown. Internal to the starter, except the read-only views ({@code PoolSnapshot},
 * {@code PoolUsage}, {@code LeaseSummary}, {@code PoolLimits}) and the choice of
 * {@code AdaptiveLimitAlgorithm}.
 */
@NullMarked
package io.github.keepalive.client.pool;

import org.jspecify.annotations.NullMarked;
