/**
 * Actuator endpoint and health indicator of keep-alive clients.
 */
@NullMarked
package io.github.keepalive.actuate;

import org.jspecify.annotations.NullMarked;
