/**
 * A client's connections: instrumented connections and their factory, why they close,
 * staleness, TLS and name resolution. Internal to the starter.
 */
@NullMarked
package io.github.keepalive.client.connection;

import org.jspecify.annotations.NullMarked;
