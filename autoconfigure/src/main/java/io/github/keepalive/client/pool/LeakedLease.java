package io.github.keepalive.client.pool;

import java.time.Duration;

/**
 * A connection held for longer than the client's leak-detection threshold: a probable
 * leak.
 *
 * @param route the connection's route, as {@link RouteNames} names it
 * @param age how long it has been leased
 * @param thread the name of the thread that leased it
 */
public record LeakedLease(String route, Duration age, String thread) {
}
