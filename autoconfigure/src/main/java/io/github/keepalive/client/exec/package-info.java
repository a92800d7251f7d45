/**
 * A client's request execution: exec-chain handlers and request interceptors (retry,
 * resend of unsent requests, pool-exhausted translation, base-URL credentials, proxy
 * routing and login, keep-alive policy). Internal to the starter.
 */
@NullMarked
package io.github.keepalive.client.exec;

import org.jspecify.annotations.NullMarked;
