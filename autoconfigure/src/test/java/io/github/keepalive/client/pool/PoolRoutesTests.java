package io.github.keepalive.client.pool;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

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
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The routes a pool remembers, on a clock of the test's own and HttpClient's pool without
 * a socket: what a route gets on its first lease, the bound on how many are remembered,
 * and when a route is forgotten, limits included.
 */
@ExtendWith(OutputCaptureExtension.class)
class PoolRoutesTests {

	private static final int MAX_PER_ROUTE = 10;

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private static final long IDLE = TimeUnit.MINUTES.toNanos(1);

	private static final Timeout LEASE_TIMEOUT = Timeout.ofSeconds(30);

	private final AtomicLong now = new AtomicLong(5_000_000_000L);

	private final List<HttpRoute> added = new CopyOnWriteArrayList<>();

	private final PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
		.setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
		.setMaxConnTotal(100)
		.setMaxConnPerRoute(MAX_PER_ROUTE)
		.build();

	private @Nullable AdaptiveRouteLimits adaptiveLimits;

	@AfterEach
	void closePool() {
		this.pool.close();
	}

	@Test
	void aRouteIsAddedOnItsFirstLeaseOnly() {
		PoolRoutes routes = routes(Map.of(), null);
		HttpRoute route = route("example.com", 80);
		RouteState state = routes.leasing(route);
		assertThat(state.route()).isEqualTo(route);
		assertThat(routes.leasing(route)).isSameAs(state);
		assertThat(routes.known()).containsExactly(route);
		assertThat(routes.states()).containsExactly(state);
		assertThat(this.added).containsExactly(route);
	}

	@Test
	void aRouteGetsItsMaxPerHostLimitOnItsFirstLease() {
		PoolRoutes routes = routes(Map.of("example.com", 3), null);
		HttpRoute route = route("example.com", 8080);
		HttpRoute other = route("example.org", 8080);
		assertThat(this.pool.getMaxPerRoute(route)).isEqualTo(MAX_PER_ROUTE);
		routes.leasing(route);
		routes.leasing(other);
		assertThat(this.pool.getMaxPerRoute(route)).isEqualTo(3);
		assertThat(this.pool.getMaxPerRoute(other)).isEqualTo(MAX_PER_ROUTE);
	}

	@Test
	void aRouteGetsAnAdaptiveLimitOnItsFirstLeaseOnlyWhenTheLimitsAreAdaptive() {
		assertThat(routes(Map.of(), null).leasing(route("example.com", 80)).adaptiveLimit()).isNull();
		HttpRoute route = route("example.org", 80);
		RouteState state = routes(Map.of(), adaptive(2)).leasing(route);
		assertThat(state.adaptiveLimit()).isNotNull();
		assertThat(state.adaptiveLimit().limit()).isEqualTo(2);
		assertThat(this.adaptiveLimits.limit(route)).isEqualTo(2);
		assertThat(this.pool.getMaxPerRoute(route)).isEqualTo(2);
	}

	@Test
	void routesBeyondTheMaximumAreServedWithoutBeingRemembered(CapturedOutput output) {
		PoolRoutes routes = routes(Map.of("beyond.example.com", 4), null);
		for (int i = 0; i < PoolRoutes.MAX_ROUTES; i++) {
			routes.leasing(route("host" + i + ".example.com", 80));
		}
		HttpRoute beyond = route("beyond.example.com", 8080);
		RouteState state = routes.leasing(beyond);
		assertThat(state.route()).isEqualTo(beyond);
		assertThat(routes.leasing(beyond)).as("not remembered").isNotSameAs(state);
		routes.leasing(route("further.example.com", 80));
		assertThat(routes.known()).hasSize(PoolRoutes.MAX_ROUTES).doesNotContain(beyond);
		assertThat(this.added).hasSize(PoolRoutes.MAX_ROUTES).doesNotContain(beyond);
		assertThat(this.pool.getMaxPerRoute(beyond)).as("its max-per-host limit all the same").isEqualTo(4);
		assertThat(output.toString().split("uses more than " + PoolRoutes.MAX_ROUTES + " routes at once", -1))
			.as("reported once")
			.hasSize(2);
	}

	@Test
	void aRouteUnusedAndEmptyIsForgottenWithItsLimits() {
		PoolRoutes routes = routes(Map.of("example.com", 3), adaptive(2));
		HttpRoute route = route("example.com", 8080);
		RouteState state = routes.leasing(route);
		assertThat(this.pool.getMaxPerRoute(route)).isEqualTo(2);
		this.now.addAndGet(IDLE + SECOND - 1);
		routes.forgetUnused(IDLE);
		assertThat(routes.known()).containsExactly(route);
		this.now.addAndGet(1);
		routes.forgetUnused(IDLE);
		assertThat(routes.known()).isEmpty();
		assertThat(this.adaptiveLimits.limit(route)).isNull();
		assertThat(this.pool.getMaxPerRoute(route)).isEqualTo(MAX_PER_ROUTE);
		RouteState again = routes.leasing(route);
		assertThat(again).isNotSameAs(state);
		assertThat(again.adaptiveLimit()).isNotNull();
		assertThat(this.pool.getMaxPerRoute(route)).isEqualTo(2);
		assertThat(this.added).containsExactly(route, route);
	}

	@Test
	void aRouteWithCallersHoldingOrWaitingIsNotForgotten() {
		PoolRoutes routes = routes(Map.of(), null);
		HttpRoute route = route("example.com", 80);
		RouteState state = routes.leasing(route);
		state.waitStarted(this.now.get());
		this.now.addAndGet(TimeUnit.HOURS.toNanos(1));
		routes.forgetUnused(IDLE);
		assertThat(routes.known()).containsExactly(route);
		state.left();
		routes.forgetUnused(IDLE);
		assertThat(routes.known()).isEmpty();
	}

	@Test
	void aRouteThatStillHasAConnectionInThePoolIsNotForgotten() throws Exception {
		PoolRoutes routes = routes(Map.of("example.com", 3), null);
		HttpRoute route = route("example.com", 8080);
		routes.leasing(route);
		// a lease without a connection: the pool counts an entry leased, no socket
		ConnectionEndpoint endpoint = this.pool.lease("test", route, LEASE_TIMEOUT, null).get(LEASE_TIMEOUT);
		this.now.addAndGet(TimeUnit.HOURS.toNanos(1));
		routes.forgetUnused(IDLE);
		assertThat(routes.known()).containsExactly(route);
		assertThat(this.pool.getMaxPerRoute(route)).isEqualTo(3);
		this.pool.release(endpoint, null, TimeValue.ZERO_MILLISECONDS);
		routes.forgetUnused(IDLE);
		assertThat(routes.known()).isEmpty();
		assertThat(this.pool.getMaxPerRoute(route)).isEqualTo(MAX_PER_ROUTE);
	}

	@Test
	void aRouteAMaxPerHostKeyNamesKeepsItsLimitWhenForgotten() {
		PoolRoutes routes = routes(Map.of("example.com", 3), null);
		HttpRoute named = route("example.com", 80);
		HttpRoute otherPort = route("example.com", 8080);
		routes.leasing(named);
		routes.leasing(otherPort);
		this.now.addAndGet(IDLE + SECOND);
		routes.forgetUnused(IDLE);
		assertThat(routes.known()).isEmpty();
		assertThat(this.pool.getMaxPerRoute(named)).as("set up front, kept").isEqualTo(3);
		assertThat(this.pool.getMaxPerRoute(otherPort)).as("set on first lease, reset").isEqualTo(MAX_PER_ROUTE);
	}

	@Test
	void aRouteAMaxPerHostKeyNamesGetsThatLimitBackWhenForgottenWithItsAdaptiveLimit() {
		PoolRoutes routes = routes(Map.of("example.com", 6), adaptive(2));
		HttpRoute named = route("example.com", 80);
		assertThat(this.pool.getMaxPerRoute(named)).as("set up front").isEqualTo(6);
		routes.leasing(named);
		assertThat(this.pool.getMaxPerRoute(named)).as("the adaptive limit's floor").isEqualTo(2);
		this.now.addAndGet(IDLE + SECOND);
		routes.forgetUnused(IDLE);
		assertThat(routes.known()).isEmpty();
		assertThat(this.pool.getMaxPerRoute(named)).as("its max-per-host again").isEqualTo(6);
	}

	@Test
	void routesAreForgottenOnceUnusedForTheExpiry() {
		PoolRoutes routes = routes(Map.of(), null);
		HttpRoute route = route("example.com", 80);
		routes.leasing(route);
		this.now.addAndGet(PoolRoutes.ROUTE_EXPIRY.toNanos() + SECOND - 1);
		routes.forgetUnused();
		assertThat(routes.known()).containsExactly(route);
		this.now.addAndGet(1);
		routes.forgetUnused();
		assertThat(routes.known()).isEmpty();
	}

	@Test
	void nearTheMaximumRoutesAreForgottenOnceUnusedForASecond() {
		PoolRoutes routes = routes(Map.of(), null);
		int nearlyNear = PoolRoutes.MAX_ROUTES * 3 / 4 - 1;
		for (int i = 0; i < nearlyNear; i++) {
			routes.leasing(route("host" + i + ".example.com", 80));
		}
		this.now.addAndGet(SECOND);
		routes.forgetUnused();
		assertThat(routes.known()).as("below three quarters of the maximum").hasSize(nearlyNear);
		HttpRoute latest = route("latest.example.com", 80);
		routes.leasing(latest);
		routes.forgetUnused();
		assertThat(routes.known()).as("the one used less than a second ago is kept").containsExactly(latest);
	}

	@Test
	void forgottenRoutesMakeRoomForNewOnesBeyondTheMaximum() {
		PoolRoutes routes = routes(Map.of(), null);
		for (int i = 0; i < PoolRoutes.MAX_ROUTES; i++) {
			routes.leasing(route("host" + i + ".example.com", 80));
		}
		HttpRoute beyond = route("beyond.example.com", 80);
		assertThat(routes.leasing(beyond)).isNotSameAs(routes.leasing(beyond));
		this.now.addAndGet(SECOND);
		routes.forgetUnused();
		assertThat(routes.known()).isEmpty();
		RouteState state = routes.leasing(beyond);
		assertThat(routes.leasing(beyond)).isSameAs(state);
		assertThat(routes.known()).containsExactly(beyond);
	}

	private PoolRoutes routes(Map<String, Integer> maxPerHost, AdaptiveRouteLimits.@Nullable Settings adaptive) {
		MaxPerHostLimits perHost = new MaxPerHostLimits(maxPerHost);
		// as the connection pool does
		perHost.directRoutes().forEach(this.pool::setMaxPerRoute);
		this.adaptiveLimits = (adaptive != null) ? new AdaptiveRouteLimits(adaptive, this.pool, perHost) : null;
		return new PoolRoutes("test", this.pool, perHost, this.adaptiveLimits, new PoolListener() {

			@Override
			public void routeAdded(HttpRoute route) {
				PoolRoutesTests.this.added.add(route);
			}

		}, this.now::get);
	}

	private static AdaptiveRouteLimits.Settings adaptive(int floor) {
		return new AdaptiveRouteLimits.Settings("test", floor, AdaptiveLimitAlgorithm.AIMD);
	}

	private static HttpRoute route(String host, int port) {
		return new HttpRoute(new HttpHost("http", host, port), null, false);
	}

}
