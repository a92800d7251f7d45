package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

import org.HdrHistogram.AtomicHistogram;
import org.HdrHistogram.Histogram;
import org.apache.hc.client5.http.HttpRoute;

/**
 * A sliding window of lease figures kept as a ring of time slices: the oldest slice is
 * cleared when time comes round to it again, so the window never holds more than its
 * length of history and costs the same whatever the load. The waits that took time go
 * into an HdrHistogram per slice, in microseconds.
 */
final class LeaseWindow {

	// waits this short are only counted: a histogram bucket shared by every quick lease would
	// bounce its cache line between the callers
	private static final long QUICK_WAIT_MICROS = 64;

	private static final long QUICK_WAIT_NANOS = TimeUnit.MICROSECONDS.toNanos(QUICK_WAIT_MICROS);

	// longer waits count as this long: a pool's lease timeout is far shorter
	private static final long LONGEST_WAIT_MICROS = TimeUnit.HOURS.toMicros(1);

	// one significant digit: a percentile within about 6 %, in 4 KB a slice
	private static final int SIGNIFICANT_DIGITS = 1;

	private final long sliceNanos;

	private final Slice[] slices;

	private final long startNanos;

	// the slice of the latest moment asked for: every lease records into it, and finding it
	// again takes two comparisons where the slice's number takes two 64-bit divisions
	private volatile Slice latest;

	LeaseWindow(Duration window, int sliceCount, long startNanos) {
		this.startNanos = startNanos;
		this.sliceNanos = Math.max(1, window.toNanos() / sliceCount);
		this.slices = new Slice[sliceCount];
		for (int i = 0; i < sliceCount; i++) {
			this.slices[i] = new Slice();
		}
		this.slices[0].reset(0, startNanos);
		this.latest = this.slices[0];
	}

	Slice current(long now) {
		Slice latest = this.latest;
		long sinceStart = now - latest.startNanos;
		if (sinceStart >= 0 && sinceStart < this.sliceNanos) {
			return latest;
		}
		long epoch = (now - this.startNanos) / this.sliceNanos;
		Slice slice = this.slices[(int) (epoch % this.slices.length)];
		if (slice.epoch != epoch) {
			slice.reset(epoch, this.startNanos + epoch * this.sliceNanos);
		}
		if (epoch > latest.epoch) {
			this.latest = slice;
		}
		return slice;
	}

	LeaseSummary summarize(long now) {
		long epoch = (now - this.startNanos) / this.sliceNanos;
		Histogram waits = newHistogram();
		long leases = 0;
		long timeouts = 0;
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
			long slow = slice.slowWaits.getTotalCount();
			long quick = 0;
			for (LongAdder outcome : slice.outcomes) {
				quick += outcome.sum();
			}
			quick -= slow;
			if (quick > 0) {
				waits.recordValueWithCount(QUICK_WAIT_MICROS - 1, quick);
			}
			waits.add(slice.slowWaits);
			maxWait = Math.max(maxWait, slice.maxWaitNanos.get());
			holds += slice.holds.sum();
			holdNanos += slice.holdNanos.sum();
			peakLeased = Math.max(peakLeased, slice.peakLeased.get());
			peakDemand = Math.max(peakDemand, slice.peakDemand.get());
			slice.routes.forEach((route, figures) -> routes.merge(route, figures.summary(), LeaseWindow::merge));
		}
		long covered = Math.min(now - this.startNanos, this.sliceNanos * this.slices.length);
		return new LeaseSummary(Duration.ofNanos(covered), leases, timeouts, percentile(waits, 99),
				Duration.ofNanos(maxWait), (holds > 0) ? Duration.ofNanos(holdNanos / holds) : null, peakLeased,
				peakDemand, routes);
	}

	private static LeaseSummary.RouteLeases merge(LeaseSummary.RouteLeases one, LeaseSummary.RouteLeases other) {
		return new LeaseSummary.RouteLeases(Math.max(one.peakDemand(), other.peakDemand()),
				(one.maxWait().compareTo(other.maxWait()) >= 0) ? one.maxWait() : other.maxWait());
	}

	private static Duration percentile(Histogram waits, double percentile) {
		if (waits.getTotalCount() == 0) {
			return null;
		}
		return Duration.ofNanos(TimeUnit.MICROSECONDS.toNanos(waits.getValueAtPercentile(percentile)));
	}

	private static Histogram newHistogram() {
		return new Histogram(1, LONGEST_WAIT_MICROS, SIGNIFICANT_DIGITS);
	}

	/**
	 * The figures of one slice of time.
	 */
	static final class Slice {

		private volatile long epoch = -1;

		// when the slice's span starts, written before its epoch
		private volatile long startNanos;

		private final LongAdder[] outcomes = new LongAdder[LeaseOutcome.values().length];

		private final AtomicLong maxWaitNanos = new AtomicLong();

		// lock-free (atomic adds), and only the waits that took time reach it
		private final AtomicHistogram slowWaits = new AtomicHistogram(1, LONGEST_WAIT_MICROS, SIGNIFICANT_DIGITS);

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

		synchronized void reset(long epoch, long startNanos) {
			if (this.epoch == epoch) {
				return;
			}
			this.startNanos = startNanos;
			for (LongAdder outcome : this.outcomes) {
				outcome.reset();
			}
			this.maxWaitNanos.set(0);
			this.slowWaits.reset();
			this.holds.reset();
			this.holdNanos.reset();
			this.peakLeased.set(0);
			this.peakDemand.set(0);
			this.routes.clear();
			this.epoch = epoch;
		}

		void recordDemand(int demand) {
			Peaks.raise(this.peakDemand, demand);
		}

		void recordRouteWait(HttpRoute route, long waitNanos, int demand) {
			RouteFigures figures = route(route);
			Peaks.raise(figures.maxWaitNanos, waitNanos);
			Peaks.raise(figures.peakDemand, demand);
		}

		private RouteFigures route(HttpRoute route) {
			RouteFigures figures = this.routes.get(route);
			return (figures != null) ? figures : this.routes.computeIfAbsent(route, (key) -> new RouteFigures());
		}

		void recordWait(long waitNanos, LeaseOutcome outcome, int leased) {
			this.outcomes[outcome.ordinal()].increment();
			// the quick ones are the outcomes the histogram lacks
			if (waitNanos >= QUICK_WAIT_NANOS) {
				this.slowWaits.recordValue(Math.min(TimeUnit.NANOSECONDS.toMicros(waitNanos), LONGEST_WAIT_MICROS));
			}
			Peaks.raise(this.maxWaitNanos, waitNanos);
			Peaks.raise(this.peakLeased, leased);
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
