/**
 * A client's connections: instrumented connections and their factory, their lifetime
 * (jittered time-to-live, SSL generation), why they close, staleness, TLS with reloadable
 * SSL bundles and name resolution. Internal to the starter.
 */
@NullMarked
package io.github.keepalive.client.connection;

import org.jspecify.annotations.NullMarked;
