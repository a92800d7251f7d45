package io.github.keepalive.client.pool;

import java.util.concurrent.TimeUnit;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A route's demand (callers holding or waiting) and when it counts as unused: its last
 * use is written at most once a second, on moments the test passes in.
 */
class RouteStateTests {

	private static final long CREATED = 1_000_000_000_000L;

	private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

	private static final long IDLE = TimeUnit.MINUTES.toNanos(10);

	private final HttpRoute route = new HttpRoute(new HttpHost("http", "example.com", 80));

	private final RouteState state = new RouteState(this.route, null, CREATED);

	@Test
	void demandIsTheCallersThatEnteredLessThoseThatLeft() {
		assertThat(this.state.demand()).isZero();
		this.state.waitStarted(CREATED);
		this.state.waitStarted(CREATED);
		this.state.waitStarted(CREATED);
		this.state.left();
		assertThat(this.state.demand()).isEqualTo(2);
		this.state.left();
		this.state.left();
		assertThat(this.state.demand()).isZero();
	}

	@Test
	void demandNeverGoesBelowZero() {
		this.state.left();
		assertThat(this.state.demand()).isZero();
		this.state.waitStarted(CREATED);
		assertThat(this.state.demand()).as("one left without entering, one entered").isZero();
	}

	@Test
	void aRouteIsUnusedOnceTheIdleTimeAndTheTouchIntervalHavePassedSinceItsLastRecordedUse() {
		assertThat(this.state.unusedFor(CREATED + IDLE + SECOND - 1, IDLE)).isFalse();
		assertThat(this.state.unusedFor(CREATED + IDLE + SECOND, IDLE)).isTrue();
		assertThat(this.state.unusedFor(CREATED + SECOND, 0)).isTrue();
		assertThat(this.state.unusedFor(CREATED + SECOND - 1, 0)).isFalse();
	}

	@Test
	void aUseWithinASecondOfTheLastRecordedOneIsNotRecorded() {
		this.state.waitStarted(CREATED + SECOND - 1);
		this.state.left();
		assertThat(this.state.unusedFor(CREATED + IDLE + SECOND, IDLE)).isTrue();
	}

	@Test
	void aUseASecondOrMoreAfterTheLastRecordedOneIsRecorded() {
		this.state.waitStarted(CREATED + SECOND);
		this.state.left();
		assertThat(this.state.unusedFor(CREATED + IDLE + SECOND, IDLE)).isFalse();
		assertThat(this.state.unusedFor(CREATED + SECOND + IDLE + SECOND - 1, IDLE)).isFalse();
		assertThat(this.state.unusedFor(CREATED + SECOND + IDLE + SECOND, IDLE)).isTrue();
	}

	@Test
	void aRouteIsNeverUnusedBeforeTheIdleTimeHasPassedSinceItsLastUse() {
		long quarter = SECOND / 4;
		for (int i = 1; i <= 12; i++) {
			long use = CREATED + i * quarter;
			this.state.waitStarted(use);
			this.state.left();
			assertThat(this.state.unusedFor(use + IDLE - 1, IDLE)).as("a nanosecond short of idle after use %d", i)
				.isFalse();
		}
	}

	@Test
	void aRouteWithCallersHoldingOrWaitingIsInUseHoweverLongAgoItWasTouched() {
		this.state.waitStarted(CREATED);
		long hourLater = CREATED + TimeUnit.HOURS.toNanos(1);
		assertThat(this.state.unusedFor(hourLater, IDLE)).isFalse();
		this.state.left();
		assertThat(this.state.unusedFor(hourLater, IDLE)).isTrue();
	}

	@Test
	void theLastUseSurvivesTheNanoTimeWrappingAround() {
		long created = Long.MAX_VALUE - SECOND / 2;
		RouteState state = new RouteState(this.route, null, created);
		assertThat(state.unusedFor(created + IDLE + SECOND - 1, IDLE)).isFalse();
		assertThat(state.unusedFor(created + IDLE + SECOND, IDLE)).isTrue();
		long used = created + 2 * SECOND;
		assertThat(used).as("past the wrap").isNegative();
		state.waitStarted(used);
		state.left();
		assertThat(state.unusedFor(used + IDLE + SECOND - 1, IDLE)).isFalse();
		assertThat(state.unusedFor(used + IDLE + SECOND, IDLE)).isTrue();
	}

}
