package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

import io.github.keepalive.client.ClientShuttingDownException;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.util.Timeout;

/**
 * Lets leases through until the client starts shutting down. From then on a new lease,
 * and a caller still waiting for one, fails with a {@link ClientShuttingDownException},
 * and the pool can wait for the leased connections to come back.
 */
final class LeaseGate {

	private final String clientName;

	private final Set<LeaseRequest> waiting = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	LeaseGate(String clientName) {
		this.clientName = clientName;
	}

	/**
	 * Fails if the client is shutting down.
	 * @throws ClientShuttingDownException if it is
	 */
	void checkOpen() {
		if (this.closed) {
			throw new ClientShuttingDownException(this.clientName);
		}
	}

	/**
	 * Waits for a lease; if the client starts shutting down meanwhile, the wait ends with a
	 * {@link ClientShuttingDownException}.
	 * @param lease HttpClient's lease request
	 * @param timeout the longest wait
	 * @return the leased endpoint
	 */
	ConnectionEndpoint await(LeaseRequest lease, Timeout timeout)
			throws InterruptedException, ExecutionException, TimeoutException {
		this.waiting.add(lease);
		try {
			if (this.closed) {
				lease.cancel();
			}
			return lease.get(timeout);
		}
		catch (CancellationException ex) {
			checkOpen();
			throw ex;
		}
		finally {
			this.waiting.remove(lease);
		}
	}

	boolean isClosed() {
		return this.closed;
	}

	/**
	 * Grants no lease from now on, and fails the callers waiting for one.
	 */
	void close() {
		this.closed = true;
		this.waiting.forEach(LeaseRequest::cancel);
	}

	/**
	 * A leased connection came back.
	 */
	void released() {
		if (this.closed) {
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
