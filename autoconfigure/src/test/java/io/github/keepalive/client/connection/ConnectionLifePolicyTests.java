package io.github.keepalive.client.connection;

import java.time.Duration;
import java.util.LongSummaryStatistics;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConnectionLifePolicy}: the life each connection draws.
 */
class ConnectionLifePolicyTests {

	private static final Duration TIME_TO_LIVE = Duration.ofMinutes(5);

	@Test
	void livesSpreadOverTheJitterBelowTheTimeToLive() {
		Duration jitter = Duration.ofSeconds(30);
		ConnectionLifePolicy policy = new ConnectionLifePolicy(TIME_TO_LIVE, jitter, () -> 0);
		LongSummaryStatistics lives = LongStream.range(0, 1000).map((i) -> policy.drawLifeNanos()).summaryStatistics();
		assertThat(lives.getMax()).isLessThanOrEqualTo(TIME_TO_LIVE.toNanos());
		assertThat(lives.getMin()).isGreaterThanOrEqualTo(TIME_TO_LIVE.minus(jitter).toNanos());
		// 1,000 uniform draws all within 80 % of the jitter: a chance of about 1e-94
		assertThat(lives.getMax() - lives.getMin()).isGreaterThan(jitter.multipliedBy(8).dividedBy(10).toNanos());
	}

	@Test
	void withoutJitterEveryConnectionLivesTheTimeToLive() {
		ConnectionLifePolicy policy = ConnectionLifePolicy.fixed(TIME_TO_LIVE);
		assertThat(LongStream.range(0, 100).map((i) -> policy.drawLifeNanos()).distinct())
			.containsExactly(TIME_TO_LIVE.toNanos());
	}

}
