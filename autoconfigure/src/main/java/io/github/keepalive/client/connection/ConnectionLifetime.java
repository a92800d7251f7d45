package io.github.keepalive.client.connection;

import org.apache.hc.client5.http.impl.ConnectionHolder;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * What a pooled connection knows of its own life: when it expires (the time-to-live minus
 * a jitter drawn when it opened) and whether the SSL material it was made with has been
 * reloaded since. HttpClient's time-to-live is one value per route, so the pool asks the
 * connection itself on every lease and release.
 */
public interface ConnectionLifetime {

	/**
	 * The time left before the connection's own expiry, at the given moment.
	 * @param nanoTime the moment, in {@link System#nanoTime()} terms
	 * @return nanoseconds, zero or less once it expired, {@link Long#MAX_VALUE} before it
	 * opened
	 */
	long remainingNanos(long nanoTime);

	/**
	 * Whether the connection was made with SSL material that has been reloaded since.
	 * @return whether it is outdated
	 */
	boolean isOutdated();

	/**
	 * Whether the connection is open.
	 * @return whether it is open
	 */
	boolean isOpen();

	/**
	 * Whether the connection may serve another request at the given moment: neither
	 * expired nor outdated.
	 * @param nanoTime the moment, in {@link System#nanoTime()} terms
	 * @return whether it may be reused
	 */
	default boolean isReusable(long nanoTime) {
		return remainingNanos(nanoTime) > 0 && !isOutdated();
	}

	/**
	 * The pool leased the connection at the given moment: its idle time, which the check
	 * before its next request reads, ended then. The pool reads the clock once per lease
	 * for all it records, and the connection reads none of its own.
	 * @param nanoTime the moment, in {@link System#nanoTime()} terms
	 */
	void leased(long nanoTime);

	/**
	 * The pool takes the connection back at the given moment: it is idle from then on, if
	 * the pool keeps it.
	 * @param nanoTime the moment, in {@link System#nanoTime()} terms
	 */
	void released(long nanoTime);

	/**
	 * Tells the connection why it is about to be closed, when the closer knows better than
	 * the connection itself (a pool closing it because its limit came down).
	 * @param reason the reason
	 */
	void willClose(ConnectionCloseReason reason);

	/**
	 * The lifetime of the connection an endpoint of HttpClient's pool holds now.
	 * @param endpoint the endpoint
	 * @return the lifetime, or {@code null} when the endpoint holds no connection of the
	 * starter's (it was released, or comes from another pool)
	 */
	static @Nullable ConnectionLifetime of(ConnectionEndpoint endpoint) {
		// HttpClient's own endpoints expose their connection since 5.5 (marked internal)
		return (endpoint instanceof ConnectionHolder holder && holder.get() instanceof ConnectionLifetime lifetime)
				? lifetime : null;
	}

}
