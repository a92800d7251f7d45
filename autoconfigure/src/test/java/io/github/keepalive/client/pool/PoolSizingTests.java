package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.github.keepalive.client.settings.PoolSettings;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A pool's limits over HttpClient's LAX and STRICT pools, without a socket: how they are
 * read, how a resize reaches the routes (fixed, {@code max-per-host} or adaptive), the
 * limit a new lease runs with, and what the leases of the window advise.
 */
class PoolSizingTests {

	private static final Timeout LEASE_TIMEOUT = Timeout.ofSeconds(30);

	private final AtomicLong now = new AtomicLong(5_000_000_000L);

	private final LeaseStatistics leases = new LeaseStatistics(Duration.ofMinutes(15), this.now::get);

	private final List<PoolingHttpClientConnectionManager> pools = new ArrayList<>();

	private PoolingHttpClientConnectionManager pool;

	private @Nullable AdaptiveRouteLimits adaptiveLimits;

	private PoolRoutes routes;

	@AfterEach
	void closePools() {
		this.pools.forEach(PoolingHttpClientConnectionManager::close);
	}

	@Test
	void aStrictPoolReportsAndAppliesItsOwnMaxTotal() {
		PoolSizing sizing = sizing(PoolConcurrencyPolicy.STRICT, 20, 5);
		assertThat(sizing.isTotalLimited()).isTrue();
		assertThat(sizing.maxTotal()).isEqualTo(20);
		assertThat(sizing.maxPerRoute()).isEqualTo(5);
		sizing.setLimits(50, 7);
		assertThat(sizing.maxTotal()).isEqualTo(50);
		assertThat(this.pool.getMaxTotal()).isEqualTo(50);
		assertThat(sizing.maxPerRoute()).isEqualTo(7);
		assertThat(this.pool.getDefaultMaxPerRoute()).isEqualTo(7);
	}

	@Test
	void aLaxPoolReportsTheMaxTotalItWasConfiguredAndResizedWith() {
		PoolSizing sizing = sizing(PoolConcurrencyPolicy.LAX, 20, 5);
		assertThat(this.pool.getMaxTotal()).as("HttpClient's LAX pool keeps no max-total").isZero();
		assertThat(sizing.isTotalLimited()).isFalse();
		assertThat(sizing.maxTotal()).isEqualTo(20);
		sizing.setLimits(50, 7);
		assertThat(sizing.maxTotal()).isEqualTo(50);
		assertThat(this.pool.getMaxTotal()).isZero();
		assertThat(sizing.maxPerRoute()).isEqualTo(7);
	}

	@ParameterizedTest
	@EnumSource(value = PoolConcurrencyPolicy.class, names = { "LAX", "STRICT" })
	void aResizeMovesTheLimitOfEveryKnownRouteButThoseWithAMaxPerHostOverride(PoolConcurrencyPolicy policy)
			throws Exception {
		PoolSizing sizing = sizing(policy, 100, 5, Map.of("pinned.example.com", 3), null);
		HttpRoute known = route("example.com");
		HttpRoute pinned = new HttpRoute(new HttpHost("http", "pinned.example.com", 8080));
		for (HttpRoute route : List.of(known, pinned)) {
			this.routes.leasing(route);
			leaseAndRelease(route);
		}
		assertThat(this.pool.getMaxPerRoute(known)).isEqualTo(5);
		assertThat(this.pool.getMaxPerRoute(pinned)).isEqualTo(3);
		sizing.setLimits(100, 9);
		assertThat(this.pool.getMaxPerRoute(known)).isEqualTo(9);
		assertThat(this.pool.getStats(known).getMax()).isEqualTo(9);
		assertThat(this.pool.getMaxPerRoute(pinned)).isEqualTo(3);
		assertThat(sizing.maxPerRoute(pinned.getTargetHost())).isEqualTo(3);
		assertThat(sizing.maxPerRoute(known.getTargetHost())).isEqualTo(9);
	}

	@Test
	void aResizeWithAdaptiveLimitsMovesTheCeilingOfEachAdaptiveRoute() {
		PoolSizing sizing = sizing(PoolConcurrencyPolicy.STRICT, 100, 10, Map.of("pinned.example.com", 3),
				adaptive(4));
		HttpRoute route = route("example.com");
		HttpRoute pinned = route("pinned.example.com");
		this.routes.leasing(route);
		this.routes.leasing(pinned);
		assertThat(sizing.adaptiveLimit(route)).isEqualTo(4);
		assertThat(sizing.adaptiveLimit(pinned)).as("the floor capped by max-per-host").isEqualTo(3);
		sizing.setLimits(100, 2);
		assertThat(sizing.adaptiveLimit(route)).isEqualTo(2);
		assertThat(this.pool.getMaxPerRoute(route)).isEqualTo(2);
		assertThat(sizing.adaptiveLimit(pinned)).isEqualTo(3);
		sizing.setLimits(100, 20);
		assertThat(sizing.adaptiveLimit(route)).as("back at the floor, below the new ceiling").isEqualTo(4);
		assertThat(this.pool.getMaxPerRoute(route)).as("the adaptive limit, not max-per-route").isEqualTo(4);
		assertThat(sizing.adaptiveLimit(pinned)).isEqualTo(3);
		assertThat(this.pool.getMaxPerRoute(pinned)).isEqualTo(3);
	}

	@Test
	void withFixedLimitsTheRouteLimitNowIsTheMaxPerHostOverrideElseTheDefault() {
		PoolSizing sizing = sizing(PoolConcurrencyPolicy.STRICT, 100, 10, Map.of("pinned.example.com", 3), null);
		HttpHost pinned = new HttpHost("https", "pinned.example.com", 443);
		HttpHost other = new HttpHost("https", "example.com", 443);
		assertThat(sizing.routeLimitNow(pinned)).isEqualTo(3);
		assertThat(sizing.routeLimitNow(other)).isEqualTo(10);
		this.routes.leasing(new HttpRoute(other, null, true));
		sizing.setLimits(100, 6);
		assertThat(sizing.routeLimitNow(pinned)).isEqualTo(3);
		assertThat(sizing.routeLimitNow(other)).isEqualTo(6);
	}

	@Test
	void withAdaptiveLimitsTheRouteLimitNowIsTheFloorBeforeTheRoutesFirstLease() {
		PoolSizing sizing = sizing(PoolConcurrencyPolicy.STRICT, 100, 10, Map.of("pinned.example.com", 2),
				adaptive(3));
		assertThat(sizing.routeLimitNow(new HttpHost("http", "example.com", 80))).isEqualTo(3);
		assertThat(sizing.routeLimitNow(new HttpHost("http", "pinned.example.com", 80)))
			.as("the floor capped by max-per-host")
			.isEqualTo(2);
		sizing.setLimits(100, 1);
		assertThat(sizing.routeLimitNow(new HttpHost("http", "example.com", 80))).as("the floor capped by max-per-route")
			.isEqualTo(1);
	}

	@Test
	void withAdaptiveLimitsTheRouteLimitNowIsTheAdaptiveLimitOfALeasedRoute() {
		PoolSizing sizing = sizing(PoolConcurrencyPolicy.STRICT, 100, 10, Map.of(), adaptive(2));
		HttpRoute route = route("example.com");
		RouteState state = this.routes.leasing(route);
		assertThat(sizing.routeLimitNow(route.getTargetHost())).isEqualTo(2);
		raiseByOne(state.adaptiveLimit());
		assertThat(sizing.adaptiveLimit(route)).isEqualTo(3);
		assertThat(sizing.routeLimitNow(route.getTargetHost())).isEqualTo(3);
		assertThat(sizing.routeLimitNow(new HttpHost("http", "example.org", 80))).as("a route not leased yet")
			.isEqualTo(2);
	}

	@Test
	void adaptiveLimitsAreListedByRouteNameOnlyWhenTheLimitsAreAdaptive() {
		PoolSizing fixed = sizing(PoolConcurrencyPolicy.STRICT, 100, 10, Map.of(), null);
		HttpRoute route = route("example.com");
		this.routes.leasing(route);
		assertThat(fixed.adaptiveLimits()).isEmpty();
		assertThat(fixed.adaptiveLimit(route)).isNull();
		PoolSizing adaptive = sizing(PoolConcurrencyPolicy.STRICT, 100, 10, Map.of(), adaptive(3));
		this.routes.leasing(route);
		assertThat(adaptive.adaptiveLimits()).containsExactly(Map.entry("http://example.com:80", 3));
		assertThat(adaptive.adaptiveLimit(route)).isEqualTo(3);
		assertThat(adaptive.adaptiveLimit(route("example.org"))).as("a route not leased yet").isNull();
	}

	@Test
	void aStrictPoolIsAdvisedToRaiseMaxTotalWhenTheDemandExceededIt() {
		PoolSizing sizing = sizing(PoolConcurrencyPolicy.STRICT, 4, 10);
		sixCallersOfWhichTwoTimeOut(route("example.com"));
		List<PoolAdvice> advice = sizing.advice();
		assertThat(advice).singleElement().satisfies((raise) -> {
			assertThat(raise.setting()).isEqualTo(PoolSettings.MAX_TOTAL);
			assertThat(raise.current()).isEqualTo(4);
			assertThat(raise.suggested()).isEqualTo(8);
		});
	}

	@Test
	void aLaxPoolIsNotAdvisedOnAMaxTotalItDoesNotApply() {
		PoolSizing sizing = sizing(PoolConcurrencyPolicy.LAX, 4, 10);
		sixCallersOfWhichTwoTimeOut(route("example.com"));
		assertThat(sizing.advice()).isEmpty();
	}

	@Test
	void aRouteWithAMaxPerHostOverrideIsAdvisedOnItsKey() {
		PoolSizing sizing = sizing(PoolConcurrencyPolicy.STRICT, 100, 10, Map.of("Example.com", 2), null);
		sixCallersOfWhichTwoTimeOut(route("example.com"));
		List<PoolAdvice> advice = sizing.advice();
		assertThat(advice).singleElement().satisfies((raise) -> {
			assertThat(raise.setting()).isEqualTo(PoolSettings.MAX_PER_HOST);
			assertThat(raise.key()).as("the key as the settings spell it").isEqualTo("Example.com");
			assertThat(raise.current()).isEqualTo(2);
			assertThat(raise.suggested()).isEqualTo(8);
		});
	}

	private PoolSizing sizing(PoolConcurrencyPolicy policy, int maxTotal, int maxPerRoute) {
		return sizing(policy, maxTotal, maxPerRoute, Map.of(), null);
	}

	private PoolSizing sizing(PoolConcurrencyPolicy policy, int maxTotal, int maxPerRoute,
			Map<String, Integer> maxPerHost, AdaptiveRouteLimits.@Nullable Settings adaptive) {
		this.pool = PoolingHttpClientConnectionManagerBuilder.create()
			.setPoolConcurrencyPolicy(policy)
			.setMaxConnTotal(maxTotal)
			.setMaxConnPerRoute(maxPerRoute)
			.build();
		this.pools.add(this.pool);
		MaxPerHostLimits perHost = new MaxPerHostLimits(maxPerHost);
		// as the connection pool does
		perHost.directRoutes().forEach(this.pool::setMaxPerRoute);
		this.adaptiveLimits = (adaptive != null) ? new AdaptiveRouteLimits(adaptive, this.pool, perHost) : null;
		this.routes = new PoolRoutes("test", this.pool, perHost, this.adaptiveLimits, PoolListener.NONE,
				this.now::get);
		return new PoolSizing(this.pool, maxTotal, perHost, this.adaptiveLimits, this.routes, this.leases);
	}

	private static AdaptiveRouteLimits.Settings adaptive(int floor) {
		return new AdaptiveRouteLimits.Settings("test", floor, AdaptiveLimitAlgorithm.AIMD);
	}

	private static HttpRoute route(String host) {
		return new HttpRoute(new HttpHost("http", host, 80), null, false);
	}

	private void leaseAndRelease(HttpRoute route) throws Exception {
		// a lease without a connection: the pool gets an entry for the route, no socket
		ConnectionEndpoint endpoint = this.pool.lease("test", route, LEASE_TIMEOUT, null).get(LEASE_TIMEOUT);
		this.pool.release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
	}

	private void sixCallersOfWhichTwoTimeOut(HttpRoute route) {
		RouteState state = this.routes.leasing(route);
		long start = this.now.get();
		for (int i = 0; i < 6; i++) {
			this.leases.waitStarted(state, start);
		}
		this.now.addAndGet(TimeUnit.MILLISECONDS.toNanos(20));
		for (int i = 0; i < 4; i++) {
			this.leases.waitEnded(state, start, LeaseOutcome.ACQUIRED);
		}
		for (int i = 0; i < 2; i++) {
			this.leases.waitEnded(state, start, LeaseOutcome.TIMEOUT);
		}
	}

	/**
	 * One window of samples in which the callers asked for more connections than the
	 * limit allows: AIMD raises the limit by one.
	 */
	private void raiseByOne(@Nullable AdaptiveRouteLimit limit) {
		assertThat(limit).isNotNull();
		int allowed = limit.limit();
		for (int i = 0; i <= allowed; i++) {
			limit.waitStarted();
		}
		// the window started when the route was added, on System.nanoTime(): an hour on, it
		// has surely passed, whatever the machine
		long windowOver = System.nanoTime() + TimeUnit.HOURS.toNanos(1);
		for (int i = 0; i < AdaptiveRouteLimit.WINDOW_SAMPLES; i++) {
			this.adaptiveLimits.released(limit, TimeUnit.MILLISECONDS.toNanos(1), windowOver);
		}
	}

}
