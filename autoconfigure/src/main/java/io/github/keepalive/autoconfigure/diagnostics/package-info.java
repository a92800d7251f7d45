/**
 * Start-up failure analysis of the keep-alive starter: what a misconfigured property or
 * a missing client means, and the closest name that was probably meant.
 */
@NullMarked
package io.github.keepalive.autoconfigure.diagnostics;

import org.jspecify.annotations.NullMarked;
