package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import org.apache.hc.client5.http.HttpRoute;

/**
 * A sliding window of lease figures kept as a ring of time slices: the oldest slice is
 * cleared when time comes round to it again, so the window never holds more than its
 * length of history and costs the same whatever the load.
 */
final class LeaseWindow {

	// 4 buckets per power of two of microseconds: a percentile is known within about 20 %
	private static final int BUCKETS_PER_DOUBLING = 4;

	private static final int BUCKETS = 40 * BUCKETS_PER_DOUBLING;

	private final long sliceNanos;

	private final Slice[] slices;

	// waits this short are only counted: a histogram bucket shared by every quick lease would
	// bounce its cache line between the callers
	private static final long QUICK_WAIT_NANOS = 64_000;

	private static final int QUICK_BUCKET = bucket(QUICK_WAIT_NANOS - 1);

	private final long startNanos;

	LeaseWindow(Duration window, int sliceCount, long startNanos) {
		this.startNanos = startNanos;
		this.sliceNanos = Math.max(1, window.toNanos() / sliceCount);
		this.slices = new Slice[sliceCount];
		for (int i = 0; i < sliceCount; i++) {
			this.slices[i] = new Slice();
		}
	}

	Slice current(long now) {
		long epoch = (now - this.startNanos) / this.sliceNanos;
		Slice slice = this.slices[(int) (epoch % this.slices.length)];
		if (slice.epoch != epoch) {
			slice.reset(epoch);
		}
		return slice;
	}

	LeaseSummary summarize(long now) {
		long epoch = (now - this.startNanos) / this.sliceNanos;
		long[] buckets = new long[BUCKETS];
		long leases = 0;
		long timeouts = 0;
		long waits = 0;
		long maxWait = 0;
		long holds = 0;
		long holdNanos = 0;
		int peakLeased = 0;
		int peakDemand = 0;
		Map<HttpRoute, LeaseSummary.RouteLeases> routes = new HashMap<>();
		for (Slice slice : this.slices) {
			if (epoch - slice.epoch >= this.slices.length || slice.epoch > epoch) {
				continue;
			}
			leases += slice.outcomes[LeaseOutcome.ACQUIRED.ordinal()].sum();
			timeouts += slice.outcomes[LeaseOutcome.TIMEOUT.ordinal()].sum();
			long quick = slice.quickWaits.sum();
			buckets[QUICK_BUCKET] += quick;
			waits += quick;
			maxWait = Math.max(maxWait, slice.maxWaitNanos.get());
			holds += slice.holds.sum();
			holdNanos += slice.holdNanos.sum();
			peakLeased = Math.max(peakLeased, slice.peakLeased.get());
			peakDemand = Math.max(peakDemand, slice.peakDemand.get());
			for (int i = 0; i < BUCKETS; i++) {
				long count = slice.waitBuckets.get(i);
				buckets[i] += count;
				waits += count;
			}
			slice.routes.forEach((route, figures) -> routes.merge(route, figures.summary(), LeaseWindow::merge));
		}
		long covered = Math.min(now - this.startNanos, this.sliceNanos * this.slices.length);
		return new LeaseSummary(Duration.ofNanos(covered), leases, timeouts, percentile(buckets, waits, 0.99),
				Duration.ofNanos(maxWait), (holds > 0) ? Duration.ofNanos(holdNanos / holds) : null, peakLeased,
				peakDemand, routes);
	}

	private static LeaseSummary.RouteLeases merge(LeaseSummary.RouteLeases one, LeaseSummary.RouteLeases other) {
		return new LeaseSummary.RouteLeases(Math.max(one.peakDemand(), other.peakDemand()),
				(one.maxWait().compareTo(other.maxWait()) >= 0) ? one.maxWait() : other.maxWait());
	}

	private static Duration percentile(long[] buckets, long total, double percentile) {
		if (total == 0) {
			return null;
		}
		long rank = (long) Math.ceil(total * percentile);
		long seen = 0;
		for (int i = 0; i < buckets.length; i++) {
			seen += buckets[i];
			if (seen >= rank) {
				return Duration.ofNanos(upperBoundNanos(i));
			}
		}
		return Duration.ofNanos(upperBoundNanos(buckets.length - 1));
	}

	static int bucket(long nanos) {
		long micros = Math.max(1, nanos / 1000);
		int doubling = 63 - Long.numberOfLeadingZeros(micros);
		int fraction = (doubling >= 2) ? (int) ((micros >> (doubling - 2)) & 3) : (int) ((micros << (2 - doubling)) & 3);
		return Math.min(doubling * BUCKETS_PER_DOUBLING + fraction, BUCKETS - 1);
	}

	static long upperBoundNanos(int bucket) {
		int doubling = bucket / BUCKETS_PER_DOUBLING;
		int fraction = bucket % BUCKETS_PER_DOUBLING;
		return ((BUCKETS_PER_DOUBLING + fraction + 1L) << doubling) * 1000 / BUCKETS_PER_DOUBLING;
	}

	/**
	 * The figures of one slice of time.
	 */
	static final class Slice {

		private volatile long epoch = -1;

		private final LongAdder[] outcomes = new LongAdder[LeaseOutcome.values().length];

		private final LongAdder quickWaits = new LongAdder();

		private final AtomicLong maxWaitNanos = new AtomicLong();

		private final AtomicLongArray waitBuckets = new AtomicLongArray(BUCKETS);

		private final LongAdder holds = new LongAdder();

		private final LongAdder holdNanos = new LongAdder();

		private final AtomicInteger peakLeased = new AtomicInteger();

		private final AtomicInteger peakDemand = new AtomicInteger();

		private final Map<HttpRoute, RouteFigures> routes = new ConcurrentHashMap<>();

		Slice() {
			for (int i = 0; i < this.outcomes.length; i++) {
				this.outcomes[i] = new LongAdder();
			}
		}

		synchronized void reset(long epoch) {
			if (this.epoch == epoch) {
				return;
			}
			for (LongAdder outcome : this.outcomes) {
				outcome.reset();
			}
			this.quickWaits.reset();
			this.maxWaitNanos.set(0);
			for (int i = 0; i < BUCKETS; i++) {
				this.waitBuckets.set(i, 0);
			}
			this.holds.reset();
			this.holdNanos.reset();
			this.peakLeased.set(0);
			this.peakDemand.set(0);
			this.routes.clear();
			this.epoch = epoch;
		}

		// The peaks are read before they are written: a write on every lease would bounce
		// their cache lines between the cores of concurrent callers, and most leases set no peak

		void recordDemand(int demand) {
			if (demand > this.peakDemand.get()) {
				this.peakDemand.accumulateAndGet(demand, Math::max);
			}
		}

		void recordRouteWait(HttpRoute route, long waitNanos, int demand) {
			RouteFigures figures = route(route);
			figures.maxWaitNanos.accumulateAndGet(waitNanos, Math::max);
			figures.peakDemand.accumulateAndGet(demand, Math::max);
		}

		private RouteFigures route(HttpRoute route) {
			RouteFigures figures = this.routes.get(route);
			return (figures != null) ? figures : this.routes.computeIfAbsent(route, (key) -> new RouteFigures());
		}

		void recordWait(long waitNanos, LeaseOutcome outcome, int leased) {
			this.outcomes[outcome.ordinal()].increment();
			if (waitNanos < QUICK_WAIT_NANOS) {
				this.quickWaits.increment();
			}
			else {
				this.waitBuckets.incrementAndGet(bucket(waitNanos));
			}
			if (waitNanos > this.maxWaitNanos.get()) {
				this.maxWaitNanos.accumulateAndGet(waitNanos, Math::max);
			}
			if (leased > this.peakLeased.get()) {
				this.peakLeased.accumulateAndGet(leased, Math::max);
			}
		}

		void recordHold(long holdNanos) {
			this.holds.increment();
			this.holdNanos.add(holdNanos);
		}

	}

	/**
	 * The figures of one route in one slice of time.
	 */
	private static final class RouteFigures {

		private final AtomicInteger peakDemand = new AtomicInteger();

		private final AtomicLong maxWaitNanos = new AtomicLong();

		LeaseSummary.RouteLeases summary() {
			return new LeaseSummary.RouteLeases(this.peakDemand.get(), Duration.ofNanos(this.maxWaitNanos.get()));
		}

	}

}
