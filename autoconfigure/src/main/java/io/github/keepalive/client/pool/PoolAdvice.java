package io.github.keepalive.client.pool;

/**
 * One change of a pool's size that the leases it saw call for.
 *
 * @param property the full name of the property to change, e.g.
 * {@code keepalive.clients.github.pool.max-per-route}
 * @param current the value the pool runs with now
 * @param suggested the suggested value
 * @param reason what the pool saw, e.g. {@code callers waited p99 180 ms for a connection;
 * 39 requests were in flight at peak}
 */
public record PoolAdvice(String property, int current, int suggested, String reason) {
}
