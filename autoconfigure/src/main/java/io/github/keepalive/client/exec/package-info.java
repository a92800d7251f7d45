/**
 * A client's request execution: exec-chain handlers and request interceptors (retry,
 * fresh connection on retry, pool-exhausted translation, base-URL credentials, proxy
 * routing and login, keep-alive policy, warm-up exchanges). Internal to the starter.
 */
@NullMarked
package io.github.keepalive.client.exec;

import org.jspecify.annotations.NullMarked;
