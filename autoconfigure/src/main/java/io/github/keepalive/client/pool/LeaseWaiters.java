package io.github.keepalive.client.pool;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Consumer;

import org.apache.hc.client5.http.io.LeaseRequest;
import org.jspecify.annotations.Nullable;

/**
 * The callers waiting for a connection right now, each with the moment it started, so that
 * a shutdown can cancel them and the pool can tell its longest wait. Kept as HikariCP's
 * {@code ConcurrentBag} keeps its borrowers: each caller claims a slot picked by its thread,
 * on a cache line of its own, with one compare-and-set, and frees it with one write; no
 * shared lock, no allocation. Only when every slot is taken do callers go to a map.
 */
final class LeaseWaiters {

	private static final int SLOTS = 64;

	// slots 16 references (and 8 longs) apart: no two callers write the same cache line
	private static final int REFERENCE_STRIDE = 16;

	private static final int LONG_STRIDE = 8;

	private final AtomicReferenceArray<LeaseRequest> leases = new AtomicReferenceArray<>(SLOTS * REFERENCE_STRIDE);

	private final AtomicLongArray startNanos = new AtomicLongArray(SLOTS * LONG_STRIDE);

	private final Set<LeaseRequest> overflow = ConcurrentHashMap.newKeySet();

	/**
	 * A caller starts to wait.
	 * @param lease its lease
	 * @param startNanos when it started, in {@link System#nanoTime()} terms
	 * @return its slot, to be passed to {@link #remove}
	 */
	int add(LeaseRequest lease, long startNanos) {
		int first = (int) Thread.currentThread().getId();
		for (int i = 0; i < SLOTS; i++) {
			int slot = (first + i) & (SLOTS - 1);
			if (this.leases.get(slot * REFERENCE_STRIDE) == null
					&& this.leases.compareAndSet(slot * REFERENCE_STRIDE, null, lease)) {
				this.startNanos.lazySet(slot * LONG_STRIDE, (startNanos != 0) ? startNanos : 1);
				return slot;
			}
		}
		this.overflow.add(lease);
		return -1;
	}

	/**
	 * The caller's wait ended.
	 * @param slot its slot
	 * @param lease its lease
	 */
	void remove(int slot, LeaseRequest lease) {
		if (slot < 0) {
			this.overflow.remove(lease);
			return;
		}
		// the start is cleared first: a reader that sees the next caller's lease never takes
		// this caller's start for its own
		this.startNanos.lazySet(slot * LONG_STRIDE, 0);
		this.leases.lazySet(slot * REFERENCE_STRIDE, null);
	}

	/**
	 * Passes each waiting caller's lease to the given action.
	 * @param action the action
	 */
	void forEach(Consumer<LeaseRequest> action) {
		for (int slot = 0; slot < SLOTS; slot++) {
			LeaseRequest lease = this.leases.get(slot * REFERENCE_STRIDE);
			if (lease != null) {
				action.accept(lease);
			}
		}
		this.overflow.forEach(action);
	}

	/**
	 * When the caller waiting longest started, among those in slots.
	 * @return the start, in {@link System#nanoTime()} terms, or {@code null} if none waits
	 */
	@Nullable Long oldestStart() {
		long oldest = 0;
		boolean any = false;
		for (int slot = 0; slot < SLOTS; slot++) {
			long start = this.startNanos.get(slot * LONG_STRIDE);
			if (start != 0 && this.leases.get(slot * REFERENCE_STRIDE) != null && (!any || start - oldest < 0)) {
				oldest = start;
				any = true;
			}
		}
		return any ? oldest : null;
	}

}
