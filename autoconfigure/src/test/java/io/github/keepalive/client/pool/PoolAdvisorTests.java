package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.keepalive.client.settings.PoolSettings;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Tests for {@link PoolAdvisor} with lease figures given outright: the thresholds, the cap
 * and the interplay of route limits and {@code max-total}. The advice from real loads is
 * tested in {@code PoolSizingAdviceTests}.
 */
class PoolAdvisorTests {

	private static final HttpRoute API = new HttpRoute(new HttpHost("https", "api.example.com", 443));

	private static final HttpRoute SEARCH = new HttpRoute(new HttpHost("https", "search.example.com", 443));

	private final PoolAdvisor advisor = new PoolAdvisor();

	@Test
	void shortWaitsWithoutTimeoutsNeedNoAdviceWhateverTheDemand() {
		LeaseSummary leases = summary(Duration.ofMillis(9), 0, 8, 40, Map.of(API, route(40, 9)));
		assertThat(this.advisor.advise(leases, 200, 8, defaultLimit(8))).isEmpty();
	}

	@Test
	void routeWhoseDemandExceededItsLimitIsRaisedToThePeakWithHeadroom() {
		LeaseSummary leases = summary(Duration.ofMillis(180), 0, 8, 39, Map.of(API, route(39, 250)));
		List<PoolAdvice> advice = this.advisor.advise(leases, 200, 8, defaultLimit(8));
		assertThat(advice).singleElement().satisfies((entry) -> {
			assertThat(entry.setting()).isEqualTo(PoolSettings.MAX_PER_ROUTE);
			assertThat(entry.key()).isNull();
			assertThat(entry.current()).isEqualTo(8);
			assertThat(entry.suggested()).isEqualTo(49);
			assertThat(entry.reason()).startsWith("callers waited p99 180 ms for a connection; 39 requests to "
					+ "https://api.example.com:443 were in flight at peak, 8 allowed per route, while the pool had "
					+ "room (8 of 200 leased at peak); 7.5 connections were busy on average "
					+ "(300 leases/s held 25.0 ms");
		});
	}

	@Test
	void timeoutsAloneCallForAdvice() {
		LeaseSummary leases = summary(Duration.ofMillis(2), 3, 8, 20, Map.of(API, route(20, 5000)));
		assertThat(this.advisor.advise(leases, 200, 8, defaultLimit(8))).singleElement()
			.satisfies((entry) -> assertThat(entry.reason()).contains("and 3 gave up (lease timeout)"));
	}

	@Test
	void routesThatDidNotWaitAreLeftAlone() {
		LeaseSummary leases = summary(Duration.ofMillis(180), 0, 12, 30,
				Map.of(API, route(20, 200), SEARCH, route(10, 0)));
		assertThat(this.advisor.advise(leases, 200, 8, defaultLimit(8))).singleElement()
			.satisfies((entry) -> assertThat(entry.reason()).contains("20 requests to https://api.example.com:443"));
	}

	@Test
	void routeWithAMaxPerHostEntryIsAdvisedUnderThatEntry() {
		LeaseSummary leases = summary(Duration.ofMillis(100), 0, 10, 12, Map.of(API, route(12, 100)));
		List<PoolAdvice> advice = this.advisor.advise(leases, 200, 50,
				(route) -> new PoolAdvisor.RouteLimit(4, "api.example.com"));
		assertThat(advice).extracting(PoolAdvice::setting, PoolAdvice::key, PoolAdvice::current, PoolAdvice::suggested)
			.containsExactly(tuple(PoolSettings.MAX_PER_HOST, "api.example.com", 4, 15));
	}

	@Test
	void demandAcrossRoutesOverMaxTotalRaisesMaxTotal() {
		LeaseSummary leases = summary(Duration.ofMillis(60), 0, 10, 20,
				Map.of(API, route(10, 60), SEARCH, route(10, 60)));
		assertThat(this.advisor.advise(leases, 10, 10, defaultLimit(10))).singleElement().satisfies((entry) -> {
			assertThat(entry.setting()).isEqualTo(PoolSettings.MAX_TOTAL);
			assertThat(entry.current()).isEqualTo(10);
			assertThat(entry.suggested()).isEqualTo(25);
			assertThat(entry.reason())
				.contains("20 requests were in flight at peak across all routes, 10 allowed in total");
		});
	}

	@Test
	void routeLimitRaisedAboveMaxTotalRaisesMaxTotalToo() {
		LeaseSummary leases = summary(Duration.ofMillis(60), 0, 10, 40, Map.of(API, route(40, 60)));
		List<PoolAdvice> advice = this.advisor.advise(leases, 20, 10, defaultLimit(10));
		assertThat(advice).extracting(PoolAdvice::setting, PoolAdvice::suggested)
			.containsExactly(tuple(PoolSettings.MAX_PER_ROUTE, 50), tuple(PoolSettings.MAX_TOTAL, 50));
		assertThat(advice.get(1).reason())
			.isEqualTo("a route's limit cannot exceed the pool's total, and one is to be raised to 50");
	}

	@Test
	void suggestionsAreCapped() {
		LeaseSummary leases = summary(Duration.ofSeconds(4), 500, 50, 5000, Map.of(API, route(5000, 5000)));
		assertThat(this.advisor.advise(leases, 2000, 50, defaultLimit(50))).extracting(PoolAdvice::suggested)
			.containsExactly(PoolAdvisor.MAX_SUGGESTED);
	}

	private static PoolAdvisor.RouteLimit route(int max) {
		return new PoolAdvisor.RouteLimit(max, null);
	}

	private static Function<HttpRoute, PoolAdvisor.RouteLimit> defaultLimit(int max) {
		return (route) -> route(max);
	}

	private static LeaseSummary.RouteLeases route(int peakDemand, long maxWaitMillis) {
		return new LeaseSummary.RouteLeases(peakDemand, Duration.ofMillis(maxWaitMillis));
	}

	// 300 leases/s over a minute, held 25 ms each: 7.5 connections busy on average
	private static LeaseSummary summary(Duration waitP99, long timeouts, int peakLeased, int peakDemand,
			Map<HttpRoute, LeaseSummary.RouteLeases> routes) {
		return new LeaseSummary(Duration.ofMinutes(1), 18_000, timeouts, waitP99, waitP99, Duration.ofMillis(25),
				peakLeased, peakDemand, routes);
	}

}
