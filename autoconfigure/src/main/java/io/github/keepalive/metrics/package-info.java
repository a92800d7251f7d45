/**
 * Micrometer meters of keep-alive clients.
 */
@NullMarked
package io.github.keepalive.metrics;

import org.jspecify.annotations.NullMarked;
