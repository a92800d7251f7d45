/**
 * Pooled keep-alive Apache HttpClient 5 clients: settings, construction and lifecycle
 * (warm-up, SSL bundle reload, draining shutdown), usable without a Spring application
 * context.
 */
@NullMarked
package io.github.keepalive.client;

import org.jspecify.annotations.NullMarked;
