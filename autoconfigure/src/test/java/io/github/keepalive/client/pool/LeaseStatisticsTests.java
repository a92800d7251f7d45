package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the lease statistics make of leases, on a clock of the test's own.
 */
class LeaseStatisticsTests {

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final LeaseStatistics statistics = new LeaseStatistics(Duration.ofMinutes(15), this.now::get);

	private final RouteState route = new RouteState(new HttpRoute(new HttpHost("http", "example.com", 80)), null,
			this.now.get());

	private final RouteState otherRoute = new RouteState(new HttpRoute(new HttpHost("http", "example.org", 80)),
			null, this.now.get());

	@Test
	void onlyTimeoutsCountAsCallersThatGaveUp() {
		for (LeaseOutcome outcome : LeaseOutcome.values()) {
			long start = this.now.get();
			this.statistics.waitStarted(this.route, start);
			advanceMillis(2);
			this.statistics.waitEnded(this.route, start, outcome);
		}
		LeaseSummary summary = this.statistics.summary();
		assertThat(summary.leases()).isEqualTo(1);
		assertThat(summary.timeouts()).isEqualTo(1);
		assertThat(this.route.demand()).as("only the acquired lease holds a connection").isEqualTo(1);
	}

	@Test
	void peakDemandCountsCallersHoldingAndWaitingWhetherOrNotTheyWaited() {
		long first = this.now.get();
		this.statistics.waitStarted(this.route, first);
		long leasedAt = this.statistics.waitEnded(this.route, first, LeaseOutcome.ACQUIRED);
		long second = this.now.get();
		this.statistics.waitStarted(this.otherRoute, second);
		this.statistics.waitEnded(this.otherRoute, second, LeaseOutcome.ACQUIRED);
		long third = this.now.get();
		this.statistics.waitStarted(this.route, third);
		advanceMillis(20);
		this.statistics.waitEnded(this.route, third, LeaseOutcome.TIMEOUT);
		this.statistics.released(this.route, leasedAt, this.now.get());
		LeaseSummary summary = this.statistics.summary();
		assertThat(summary.peakDemand()).isEqualTo(3);
		assertThat(summary.peakLeased()).isEqualTo(2);
		assertThat(summary.timeouts()).isEqualTo(1);
		assertThat(summary.maxWait()).isEqualTo(Duration.ofMillis(20));
		assertThat(summary.meanHold()).isEqualTo(Duration.ofMillis(20));
		assertThat(summary.routes()).as("only a route whose caller waited noticeably has figures")
			.containsOnlyKeys(this.route.route());
		assertThat(summary.routes().get(this.route.route()).peakDemand()).as("the holder and the caller that waited")
			.isEqualTo(2);
	}

	@Test
	void quickWaitsAreCountedInThePercentile() {
		for (int i = 0; i < 99; i++) {
			long start = this.now.get();
			this.statistics.waitStarted(this.route, start);
			this.now.addAndGet(TimeUnit.MICROSECONDS.toNanos(10));
			this.statistics.released(this.route, this.statistics.waitEnded(this.route, start, LeaseOutcome.ACQUIRED),
					this.now.get());
		}
		assertThat(this.statistics.summary().waitP99()).isLessThanOrEqualTo(Duration.ofNanos(64_000));
		long start = this.now.get();
		this.statistics.waitStarted(this.route, start);
		advanceMillis(50);
		this.statistics.waitEnded(this.route, start, LeaseOutcome.ACQUIRED);
		LeaseSummary summary = this.statistics.summary();
		assertThat(summary.leases()).isEqualTo(100);
		assertThat(summary.waitP99()).as("99 of 100 waits were quick").isLessThanOrEqualTo(Duration.ofNanos(64_000));
		assertThat(summary.maxWait()).isEqualTo(Duration.ofMillis(50));
	}

	private void advanceMillis(long millis) {
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(millis));
	}

}
