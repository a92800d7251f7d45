package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lease window's ring of slices: which slice a moment falls in, when a slice is
 * cleared for reuse, which slices a summary sums, and how waits become a percentile; all
 * on moments the test passes in.
 */
class LeaseWindowTests {

	private static final long START = 7_000_000_000L;

	private static final long SLICE = TimeUnit.SECONDS.toNanos(1);

	private static final long QUICK = TimeUnit.MICROSECONDS.toNanos(10);

	private final LeaseWindow window = new LeaseWindow(Duration.ofSeconds(10), 10, START);

	private final HttpRoute route = new HttpRoute(new HttpHost("http", "example.com", 80));

	private final HttpRoute otherRoute = new HttpRoute(new HttpHost("http", "example.org", 80));

	@Test
	void aSliceKeepsItsFiguresForItsWholeSpan() {
		LeaseWindow.Slice first = this.window.current(at(0));
		first.recordWait(QUICK, LeaseOutcome.ACQUIRED, 1);
		LeaseWindow.Slice last = this.window.current(at(SLICE - 1));
		assertThat(last).isSameAs(first);
		last.recordWait(QUICK, LeaseOutcome.ACQUIRED, 1);
		assertThat(this.window.summarize(at(SLICE - 1)).leases()).isEqualTo(2);
		assertThat(this.window.current(at(SLICE))).isNotSameAs(first);
	}

	@Test
	void aMomentBeforeTheLatestSliceStillFindsItsOwnSlice() {
		LeaseWindow.Slice latest = this.window.current(at(5 * SLICE));
		LeaseWindow.Slice earlier = this.window.current(at(3 * SLICE + 1));
		assertThat(earlier).isNotSameAs(latest);
		earlier.recordWait(QUICK, LeaseOutcome.ACQUIRED, 1);
		assertThat(this.window.current(at(5 * SLICE + 1))).as("the latest slice stays the latest").isSameAs(latest);
		assertThat(this.window.current(at(3 * SLICE + 2))).isSameAs(earlier);
		assertThat(this.window.summarize(at(5 * SLICE)).leases()).isEqualTo(1);
	}

	@Test
	void aSummarySumsTheFiguresOfEverySliceInTheWindow() {
		for (int i = 0; i < 10; i++) {
			LeaseWindow.Slice slice = this.window.current(at(i * SLICE));
			slice.recordWait(millis(i + 1), LeaseOutcome.ACQUIRED, i + 1);
			slice.recordWait(millis(1), LeaseOutcome.TIMEOUT, i + 1);
			slice.recordHold(millis(10 * (i + 1)));
			slice.recordDemand((i == 4) ? 30 : i);
		}
		LeaseSummary summary = this.window.summarize(at(10 * SLICE - 1));
		assertThat(summary.leases()).isEqualTo(10);
		assertThat(summary.timeouts()).isEqualTo(10);
		assertThat(summary.maxWait()).isEqualTo(Duration.ofMillis(10));
		assertThat(summary.meanHold()).as("(10 + 20 + ... + 100) ms / 10").isEqualTo(Duration.ofMillis(55));
		assertThat(summary.peakLeased()).isEqualTo(10);
		assertThat(summary.peakDemand()).isEqualTo(30);
	}

	@Test
	void aSliceIsClearedWhenTheRingComesRoundToIt() {
		LeaseWindow.Slice first = this.window.current(at(SLICE / 2));
		for (int i = 0; i < 3; i++) {
			first.recordWait(millis(50), LeaseOutcome.TIMEOUT, 8);
		}
		first.recordHold(millis(500));
		first.recordDemand(12);
		first.recordRouteWait(this.route, millis(50), 12);
		LeaseWindow.Slice reused = this.window.current(at(10 * SLICE + SLICE / 2));
		assertThat(reused).as("the same slice of the ring, a window later").isSameAs(first);
		reused.recordWait(millis(2), LeaseOutcome.ACQUIRED, 1);
		reused.recordRouteWait(this.otherRoute, millis(2), 1);
		LeaseSummary summary = this.window.summarize(at(10 * SLICE + SLICE / 2));
		assertThat(summary.leases()).isEqualTo(1);
		assertThat(summary.timeouts()).isZero();
		assertThat(summary.maxWait()).isEqualTo(Duration.ofMillis(2));
		assertThat(summary.meanHold()).isNull();
		assertThat(summary.peakLeased()).isEqualTo(1);
		assertThat(summary.peakDemand()).isZero();
		assertThat(summary.routes()).containsOnlyKeys(this.otherRoute);
	}

	@Test
	void aSliceAWindowOldIsLeftOutBeforeItIsReused() {
		this.window.current(at(SLICE / 2)).recordWait(millis(5), LeaseOutcome.ACQUIRED, 1);
		assertThat(this.window.summarize(at(10 * SLICE - 1)).leases()).isEqualTo(1);
		LeaseSummary summary = this.window.summarize(at(10 * SLICE));
		assertThat(summary.leases()).isZero();
		assertThat(summary.waitP99()).isNull();
		assertThat(summary.maxWait()).isEqualTo(Duration.ZERO);
	}

	@Test
	void aSliceAheadOfTheMomentSummarizedIsLeftOut() {
		this.window.current(at(SLICE / 2)).recordWait(millis(5), LeaseOutcome.ACQUIRED, 1);
		this.window.current(at(5 * SLICE)).recordWait(millis(7), LeaseOutcome.TIMEOUT, 1);
		LeaseSummary summary = this.window.summarize(at(2 * SLICE));
		assertThat(summary.leases()).isEqualTo(1);
		assertThat(summary.timeouts()).isZero();
		assertThat(summary.maxWait()).isEqualTo(Duration.ofMillis(5));
	}

	@Test
	void theWindowCoversTheTimeSinceStartUntilItIsFull() {
		assertThat(this.window.summarize(at(3 * SLICE)).window()).isEqualTo(Duration.ofSeconds(3));
		assertThat(this.window.summarize(at(10 * SLICE)).window()).isEqualTo(Duration.ofSeconds(10));
		assertThat(this.window.summarize(at(25 * SLICE)).window()).isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void anEmptyWindowHasNoPercentileAndNoMeanHold() {
		LeaseSummary summary = this.window.summarize(at(SLICE));
		assertThat(summary.leases()).isZero();
		assertThat(summary.timeouts()).isZero();
		assertThat(summary.waitP99()).isNull();
		assertThat(summary.meanHold()).isNull();
		assertThat(summary.maxWait()).isEqualTo(Duration.ZERO);
		assertThat(summary.routes()).isEmpty();
	}

	@Test
	void quickWaitsCountInThePercentileAsAtMostTheQuickThreshold() {
		LeaseWindow.Slice slice = this.window.current(at(0));
		for (int i = 0; i < 99; i++) {
			slice.recordWait(QUICK, LeaseOutcome.ACQUIRED, 1);
		}
		slice.recordWait(millis(50), LeaseOutcome.ACQUIRED, 1);
		LeaseSummary summary = this.window.summarize(at(0));
		assertThat(summary.waitP99()).as("99 of 100 waits were quick")
			.isNotNull()
			.isLessThanOrEqualTo(Duration.ofNanos(64_000));
		assertThat(summary.maxWait()).isEqualTo(Duration.ofMillis(50));
	}

	@Test
	void theP99IsTheWaitThatNinetyNineOfAHundredDidNotExceed() {
		LeaseWindow.Slice slice = this.window.current(at(0));
		for (int i = 0; i < 98; i++) {
			slice.recordWait(QUICK, LeaseOutcome.ACQUIRED, 1);
		}
		// waits that did not end in a lease are waits all the same
		slice.recordWait(millis(50), LeaseOutcome.CANCELLED, 1);
		this.window.current(at(3 * SLICE)).recordWait(millis(200), LeaseOutcome.TIMEOUT, 1);
		assertThat(this.window.summarize(at(3 * SLICE)).waitP99()).isBetween(Duration.ofMillis(50),
				Duration.ofNanos(62_500_000));
	}

	@Test
	void moreThanOneInAHundredWaitingLongMakesTheP99Long() {
		LeaseWindow.Slice slice = this.window.current(at(0));
		for (int i = 0; i < 148; i++) {
			slice.recordWait(QUICK, LeaseOutcome.ACQUIRED, 1);
		}
		slice.recordWait(millis(50), LeaseOutcome.ACQUIRED, 1);
		assertThat(this.window.summarize(at(0)).waitP99()).as("1 of 149 waited long")
			.isLessThanOrEqualTo(Duration.ofNanos(64_000));
		slice.recordWait(millis(50), LeaseOutcome.ACQUIRED, 1);
		assertThat(this.window.summarize(at(0)).waitP99()).as("2 of 150 waited long")
			.isBetween(Duration.ofMillis(50), Duration.ofNanos(62_500_000));
	}

	@Test
	void aPercentileIsKnownWithinOneSixteenthAboveTheWait() {
		for (long nanos = 64_000; nanos < TimeUnit.MINUTES.toNanos(10); nanos = nanos + nanos / 13 + 1) {
			LeaseWindow window = new LeaseWindow(Duration.ofSeconds(10), 10, START);
			LeaseWindow.Slice slice = window.current(at(0));
			for (int i = 0; i < 100; i++) {
				slice.recordWait(nanos, LeaseOutcome.ACQUIRED, 1);
			}
			long wait = TimeUnit.NANOSECONDS.toMicros(nanos) * 1000;
			assertThat(window.summarize(at(0)).waitP99()).as("p99 of waits of %d ns", nanos)
				.isBetween(Duration.ofNanos(wait), Duration.ofNanos(wait + wait / 16 + 1000));
		}
	}

	@Test
	void aWaitLongerThanAnHourCountsAsAnHourInThePercentileAndInFullInTheMaximum() {
		LeaseWindow.Slice slice = this.window.current(at(0));
		slice.recordWait(TimeUnit.HOURS.toNanos(2), LeaseOutcome.TIMEOUT, 1);
		LeaseSummary summary = this.window.summarize(at(0));
		assertThat(summary.waitP99()).isBetween(Duration.ofHours(1), Duration.ofMinutes(64));
		assertThat(summary.maxWait()).isEqualTo(Duration.ofHours(2));
	}

	@Test
	void theFiguresOfARouteAreMergedAcrossSlicesByTheirMaxima() {
		this.window.current(at(0)).recordRouteWait(this.route, millis(20), 5);
		LeaseWindow.Slice second = this.window.current(at(SLICE));
		second.recordRouteWait(this.route, millis(40), 3);
		second.recordRouteWait(this.route, millis(30), 4);
		second.recordRouteWait(this.otherRoute, millis(2), 1);
		LeaseSummary summary = this.window.summarize(at(SLICE));
		assertThat(summary.routes()).containsOnlyKeys(this.route, this.otherRoute);
		assertThat(summary.routes().get(this.route))
			.isEqualTo(new LeaseSummary.RouteLeases(5, Duration.ofMillis(40)));
		assertThat(summary.routes().get(this.otherRoute))
			.isEqualTo(new LeaseSummary.RouteLeases(1, Duration.ofMillis(2)));
	}

	private static long at(long nanosAfterStart) {
		return START + nanosAfterStart;
	}

	private static long millis(long millis) {
		return TimeUnit.MILLISECONDS.toNanos(millis);
	}

}
