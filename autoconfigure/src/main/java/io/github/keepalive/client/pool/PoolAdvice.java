package io.github.keepalive.client.pool;

import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.PoolSettings;
import org.jspecify.annotations.Nullable;

/**
 * One change of a pool's size that the leases it saw call for.
 *
 * @param setting the setting to change: {@link PoolSettings#MAX_TOTAL},
 * {@link PoolSettings#MAX_PER_ROUTE} or {@link PoolSettings#MAX_PER_HOST}
 * @param key the {@code maxPerHost} key of the route's limit, else {@code null}
 * @param current the value the pool runs with now
 * @param suggested the suggested value
 * @param reason what the pool saw, e.g. {@code callers waited p99 180 ms for a connection;
 * 39 requests were in flight at peak}
 */
public record PoolAdvice(ClientSetting setting, @Nullable String key, int current, int suggested, String reason) {
}
