package io.github.keepalive.client.connection;

import java.util.Locale;

/**
 * Why a pooled connection was closed.
 */
public enum ConnectionCloseReason {

	/** Idle past the idle timeout or the server's {@code Keep-Alive: timeout}. */
	IDLE,

	/** Older than its time-to-live (minus its jitter). */
	EXPIRED,

	/** Made with SSL material that was reloaded since. */
	SSL_RELOADED,

	/** Found stale (closed by the peer) by the check before reuse. */
	STALE,

	/** The server ended it: {@code Connection: close} or end of stream. */
	CLOSED_BY_SERVER,

	/** Keep-alive is disabled: one request per connection. */
	NOT_REUSABLE,

	/** An I/O or protocol error, or an unread response discarded. */
	ERROR,

	/** The client was closed. */
	SHUTDOWN,

	/** Closed because the route's adaptive limit, or a resized limit, came down. */
	LIMIT,

	/**
	 * Closed before reuse and replaced, its request unsent: idle for almost as long as the
	 * server was seen to keep connections, for a request that could not be sent again.
	 */
	RENEWED;

	/**
	 * The reason as a meter tag value, e.g. {@code closed-by-server}.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT).replace('_', '-');
	}

}
