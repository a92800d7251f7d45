/**
 * Auto-configuration of pooled keep-alive {@code RestClient}s from {@code keepalive.*}
 * properties.
 */
@NullMarked
package io.github.keepalive.autoconfigure;

import org.jspecify.annotations.NullMarked;
