package io.github.keepalive.client.pool;

import java.util.Locale;

/**
 * How a caller's wait for a pooled connection ended.
 */
public enum LeaseOutcome {

	/** It got a connection. */
	ACQUIRED,

	/** It gave up after the lease timeout: the only outcome that says the pool is too small. */
	TIMEOUT,

	/** Its lease was cancelled, e.g. the request was aborted. */
	CANCELLED,

	/** Its thread was interrupted while it waited. */
	INTERRUPTED,

	/** The client started shutting down. */
	SHUTDOWN,

	/** The pool itself failed the lease (connect errors are counted with the connections). */
	FAILED;

	/**
	 * The outcome as a meter tag value, e.g. {@code timeout}.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
