package io.github.keepalive.client.pool;

import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;

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

	/**
	 * How a wait that failed ended.
	 * @param failure what the wait threw
	 * @param shuttingDown whether the client is shutting down: a lease cancelled then was
	 * cancelled by the shutdown
	 * @return the outcome
	 */
	static LeaseOutcome endedBy(Throwable failure, boolean shuttingDown) {
		if (failure instanceof TimeoutException) {
			return TIMEOUT;
		}
		if (failure instanceof InterruptedException) {
			return INTERRUPTED;
		}
		if (failure instanceof ClientShuttingDownException) {
			return SHUTDOWN;
		}
		if (failure instanceof CancellationException) {
			return shuttingDown ? SHUTDOWN : CANCELLED;
		}
		return FAILED;
	}

}
