/**
 * Pooled keep-alive Apache HttpClient 5 clients: settings, construction and lifecycle,
 * usable without a Spring application context.
 */
@NullMarked
package io.github.keepalive.client;

import org.jspecify.annotations.NullMarked;
