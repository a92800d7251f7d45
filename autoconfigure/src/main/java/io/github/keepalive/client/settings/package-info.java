/**
 * A keep-alive client's settings: immutable records that check their own invariants, and
 * the names of the settings they hold. Depends on nothing else of the client.
 */
@NullMarked
package io.github.keepalive.client.settings;

import org.jspecify.annotations.NullMarked;
