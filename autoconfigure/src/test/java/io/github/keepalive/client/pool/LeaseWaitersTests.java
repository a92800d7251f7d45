package io.github.keepalive.client.pool;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.client5.http.io.LeaseRequest;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry of waiting callers: the slots they claim, the overflow beyond them, who is
 * passed on to a shutdown, and which start is the oldest, on start values the test picks.
 */
class LeaseWaitersTests {

	private static final int SLOTS = 64;

	private final LeaseWaiters waiters = new LeaseWaiters();

	@Test
	void noneWaitingHasNoOldestStart() {
		assertThat(this.waiters.oldestStart()).isNull();
		TestLease lease = new TestLease();
		int slot = this.waiters.add(lease, 100);
		assertThat(this.waiters.oldestStart()).isEqualTo(100L);
		this.waiters.remove(slot, lease);
		assertThat(this.waiters.oldestStart()).isNull();
	}

	@Test
	void theOldestStartIsTheEarliestOfTheCallersStillWaiting() {
		TestLease third = new TestLease();
		TestLease first = new TestLease();
		TestLease second = new TestLease();
		int thirdSlot = this.waiters.add(third, 300);
		int firstSlot = this.waiters.add(first, 100);
		this.waiters.add(second, 200);
		assertThat(this.waiters.oldestStart()).isEqualTo(100L);
		this.waiters.remove(firstSlot, first);
		assertThat(this.waiters.oldestStart()).isEqualTo(200L);
		this.waiters.remove(thirdSlot, third);
		assertThat(this.waiters.oldestStart()).isEqualTo(200L);
	}

	@Test
	void startsAreComparedAsNanoTimeValuesThatMayWrapAround() {
		// the later caller started after System.nanoTime() wrapped round to negative values
		this.waiters.add(new TestLease(), Long.MIN_VALUE + 10);
		this.waiters.add(new TestLease(), Long.MAX_VALUE - 10);
		assertThat(this.waiters.oldestStart()).isEqualTo(Long.MAX_VALUE - 10);
		LeaseWaiters inTheOtherOrder = new LeaseWaiters();
		inTheOtherOrder.add(new TestLease(), Long.MAX_VALUE - 10);
		inTheOtherOrder.add(new TestLease(), Long.MIN_VALUE + 10);
		assertThat(inTheOtherOrder.oldestStart()).isEqualTo(Long.MAX_VALUE - 10);
	}

	@Test
	void aCallerThatStartedAtZeroStillCountsAsWaiting() {
		TestLease lease = new TestLease();
		int slot = this.waiters.add(lease, 0);
		assertThat(this.waiters.oldestStart()).isNotNull().isBetween(0L, 1L);
		assertThat(leases()).containsExactly(lease);
		this.waiters.remove(slot, lease);
		assertThat(this.waiters.oldestStart()).isNull();
	}

	@Test
	void everyCallerStillWaitingIsPassedOnOnce() {
		TestLease one = new TestLease();
		TestLease two = new TestLease();
		TestLease three = new TestLease();
		this.waiters.add(one, 1);
		int twoSlot = this.waiters.add(two, 2);
		this.waiters.add(three, 3);
		this.waiters.remove(twoSlot, two);
		assertThat(leases()).containsExactlyInAnyOrder(one, three);
	}

	@Test
	void callersBeyondTheSlotsGoToTheOverflowAndArePassedOnToo() {
		List<TestLease> inSlots = new ArrayList<>();
		Set<Integer> slots = new HashSet<>();
		for (int i = 0; i < SLOTS; i++) {
			TestLease lease = new TestLease();
			inSlots.add(lease);
			slots.add(this.waiters.add(lease, 1000 + i));
		}
		assertThat(slots).hasSize(SLOTS).allSatisfy((slot) -> assertThat(slot).isBetween(0, SLOTS - 1));
		TestLease overflow = new TestLease();
		TestLease moreOverflow = new TestLease();
		assertThat(this.waiters.add(overflow, 2000)).isNegative();
		assertThat(this.waiters.add(moreOverflow, 2001)).isNegative();
		assertThat(leases()).hasSize(SLOTS + 2).containsAll(inSlots).contains(overflow, moreOverflow);
		this.waiters.remove(-1, overflow);
		assertThat(leases()).hasSize(SLOTS + 1).doesNotContain(overflow).contains(moreOverflow);
	}

	@Test
	void theOldestStartIsThatOfTheCallersInSlots() {
		for (int i = 0; i < SLOTS; i++) {
			this.waiters.add(new TestLease(), 1000 + i);
		}
		assertThat(this.waiters.add(new TestLease(), 5)).isNegative();
		assertThat(this.waiters.oldestStart()).isEqualTo(1000L);
	}

	@Test
	void aFreedSlotIsTakenByTheNextCallerWithItsOwnStart() {
		List<TestLease> leases = new ArrayList<>();
		List<Integer> slots = new ArrayList<>();
		for (int i = 0; i < SLOTS; i++) {
			TestLease lease = new TestLease();
			leases.add(lease);
			slots.add(this.waiters.add(lease, 100 + i));
		}
		this.waiters.remove(slots.get(0), leases.get(0));
		TestLease next = new TestLease();
		assertThat(this.waiters.add(next, 500)).isEqualTo(slots.get(0));
		assertThat(this.waiters.oldestStart()).isEqualTo(101L);
		assertThat(leases()).hasSize(SLOTS).contains(next).doesNotContain(leases.get(0));
	}

	@Test
	void callersOnDifferentThreadsTakeDifferentSlots() throws InterruptedException {
		Set<Integer> slots = ConcurrentHashMap.newKeySet();
		List<Thread> threads = new ArrayList<>();
		for (int i = 0; i < SLOTS; i++) {
			long start = 100 + i;
			threads.add(new Thread(() -> slots.add(this.waiters.add(new TestLease(), start))));
		}
		threads.forEach(Thread::start);
		for (Thread thread : threads) {
			thread.join();
		}
		assertThat(slots).hasSize(SLOTS).allSatisfy((slot) -> assertThat(slot).isBetween(0, SLOTS - 1));
		assertThat(this.waiters.add(new TestLease(), 1)).isNegative();
		assertThat(this.waiters.oldestStart()).isEqualTo(100L);
	}

	private List<LeaseRequest> leases() {
		List<LeaseRequest> leases = new ArrayList<>();
		this.waiters.forEach(leases::add);
		return leases;
	}

	/**
	 * A lease that only stands for its caller.
	 */
	private static final class TestLease implements LeaseRequest {

		@Override
		public ConnectionEndpoint get(Timeout timeout) {
			throw new UnsupportedOperationException();
		}

		@Override
		public boolean cancel() {
			return false;
		}

	}

}
