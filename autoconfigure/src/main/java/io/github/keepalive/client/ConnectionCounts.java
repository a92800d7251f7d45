package io.github.keepalive.client;

import java.util.Map;

/**
 * A client's connections since it was created: those established, and the attempts that
 * failed, by reason.
 *
 * @param opened connections established
 * @param failed failed attempts by reason ({@code refused}, {@code timeout}, {@code tls},
 * {@code dns}, {@code proxy}), every reason present
 */
public record ConnectionCounts(long opened, Map<String, Long> failed) {
}
