package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * Lets leases through until the client starts shutting down. From then on a new request's
 * lease, and a caller still waiting for one, fails with a {@link ClientShuttingDownException},
 * and the pool can wait for the leased connections to come back. A request already in
 * flight keeps the right to lease until it completes: an exchange that gave a connection
 * back while the client drains (before a redirect, a retry, a resend) may lease again.
 */
final class LeaseGate {

	private final String clientName;

	private final LeaseWaiters waiting = new LeaseWaiters();

	// only written while draining: the exchanges in flight, which may lease again
	private final Set<String> inFlight = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	// the pool itself closed: the drain is over, no exchange leases any more
	private volatile boolean drainOver;

	LeaseGate(String clientName) {
		this.clientName = clientName;
	}

	/**
	 * Fails if the client is shutting down and the exchange is not in flight.
	 * @param exchangeId HttpClient's id of the exchange that asks for a lease
	 * @throws ClientShuttingDownException if it is
	 */
	void checkOpen(@Nullable String exchangeId) {
		if (this.closed && !mayLeaseWhileDraining(exchangeId)) {
			throw new ClientShuttingDownException(this.clientName);
		}
	}

	private boolean mayLeaseWhileDraining(@Nullable String exchangeId) {
		return !this.drainOver && exchangeId != null && this.inFlight.contains(exchangeId);
	}

	/**
	 * Waits for a lease; if the client starts shutting down meanwhile, the wait ends with a
	 * {@link ClientShuttingDownException}.
	 * @param exchangeId HttpClient's id of the exchange
	 * @param lease HttpClient's lease request
	 * @param startNanos when the caller started to wait
	 * @param timeout the longest wait
	 * @return the leased endpoint
	 */
	ConnectionEndpoint await(@Nullable String exchangeId, LeaseRequest lease, long startNanos, Timeout timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		int slot = this.waiting.add(lease, startNanos);
		try {
			if (this.closed && !mayLeaseWhileDraining(exchangeId)) {
				lease.cancel();
			}
			return lease.get(timeout);
		}
		catch (CancellationException ex) {
			checkOpen(exchangeId);
			throw ex;
		}
		finally {
			this.waiting.remove(slot, lease);
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * When the caller waiting longest started.
	 * @return the start, in {@link System#nanoTime()} terms, or {@code null} if none waits
	 */
	@Nullable Long oldestWaitStart() {
		return this.waiting.oldestStart();
	}

	/**
	 * Grants no lease from now on, and fails the callers waiting for one.
	 */
	void close() {
		this.closed = true;
		this.waiting.forEach(LeaseRequest::cancel);
	}

	/**
	 * The pool closed: the drain is over, and no exchange leases any more.
	 */
	void drainOver() {
		this.closed = true;
		this.drainOver = true;
		this.inFlight.clear();
	}

	/**
	 * A leased connection came back.
	 * @param exchangeId the exchange that held it
	 */
	void released(@Nullable String exchangeId) {
		if (this.closed) {
			if (exchangeId != null) {
				this.inFlight.add(exchangeId);
			}
			synchronized (this) {
				notifyAll();
			}
		}
	}

	/**
	 * Waits until no connection is leased any more.
	 * @param leased the number of leased connections now
	 * @param timeout the longest wait
	 * @return whether every connection came back in time
	 */
	synchronized boolean awaitReleased(IntSupplier leased, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			for (long left = timeout.toNanos(); leased.getAsInt() > 0; left = deadline - System.nanoTime()) {
				if (left <= 0) {
					return false;
				}
				// bounded: a release that notified just before this wait is seen on the next turn
				wait(Math.max(1, Math.min(left / 1_000_000, 50)));
			}
			return true;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return leased.getAsInt() == 0;
		}
	}

}
