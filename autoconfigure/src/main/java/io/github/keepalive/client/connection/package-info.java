/**
 * A client's connections: instrumented connections and their factory, the channel
 * sockets under them, their lifetime (jittered time-to-live, SSL generation), why they
 * close, staleness and servers' idle limits, warm-up exchanges, TLS with reloadable SSL
 * bundles and name resolution. The one package that builds on HttpClient's
 * {@code @Internal} connection types. Internal to the starter.
 */
@NullMarked
package io.github.keepalive.client.connection;

import org.jspecify.annotations.NullMarked;
