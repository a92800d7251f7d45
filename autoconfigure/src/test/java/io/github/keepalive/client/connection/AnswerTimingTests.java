package io.github.keepalive.client.connection;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link AnswerTiming}: when the first read for an answer waits first.
 */
class AnswerTimingTests {

	private final AnswerTiming timing = new AnswerTiming();

	@Test
	void triesFirstWhileAnswersAreThereAtOnce() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.timing.awaitFirst()).isFalse();
			this.timing.triedFirst(true);
		}
	}

	@Test
	void waitsFirstOnceAnAnswerWasNotThereAndTriesAgainNowAndThen() {
		assertThat(this.timing.awaitFirst()).isFalse();
		this.timing.triedFirst(false);
		for (int i = 1; i < AnswerTiming.RETRY_EVERY; i++) {
			assertThat(this.timing.awaitFirst()).as("answer %d", i).isTrue();
		}
		assertThat(this.timing.awaitFirst()).as("a try, after %d waits", AnswerTiming.RETRY_EVERY - 1).isFalse();
		this.timing.triedFirst(true);
		assertThat(this.timing.awaitFirst()).as("answers are there at once again").isFalse();
	}

}
