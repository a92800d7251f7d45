package io.github.keepalive.client.pool;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link EvictionScheduler}'s check interval.
 */
class EvictionSchedulerTests {

	@Test
	void intervalIsHalfTheIdleTimeoutWithoutJitter() {
		assertThat(EvictionScheduler.interval(Duration.ofSeconds(4), Duration.ZERO)).isEqualTo(Duration.ofSeconds(2));
		assertThat(EvictionScheduler.interval(Duration.ofSeconds(30), Duration.ZERO)).isEqualTo(Duration.ofSeconds(5));
	}

	@Test
	void intervalIsATenthOfTheJitterWhenThatIsShorter() {
		assertThat(EvictionScheduler.interval(Duration.ofSeconds(30), Duration.ofSeconds(30)))
			.isEqualTo(Duration.ofSeconds(3));
		assertThat(EvictionScheduler.interval(Duration.ofSeconds(4), Duration.ofSeconds(30)))
			.isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void intervalStaysBetween50MillisecondsAnd5Seconds() {
		assertThat(EvictionScheduler.interval(Duration.ofSeconds(30), Duration.ofMillis(100)))
			.isEqualTo(Duration.ofMillis(50));
		assertThat(EvictionScheduler.interval(Duration.ofMinutes(10), Duration.ofMinutes(5)))
			.isEqualTo(Duration.ofSeconds(5));
	}

}
