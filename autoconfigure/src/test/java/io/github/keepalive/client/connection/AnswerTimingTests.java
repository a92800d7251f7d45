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
	void keepsTryingThroughAnOddMiss() {
		for (int i = 0; i < 100; i++) {
			assertThat(this.timing.awaitFirst()).as("answer %d", i).isFalse();
			// one answer in eight not there yet
			this.timing.triedFirst(i % 8 != 7);
		}
	}

	@Test
	void waitsFirstOnceAnswersWereMissingAtMostTriesAndTriesAgainNowAndThen() {
		assertThat(this.timing.awaitFirst()).isFalse();
		this.timing.triedFirst(false);
		assertThat(this.timing.awaitFirst()).as("one miss").isFalse();
		this.timing.triedFirst(false);
		for (int i = 1; i < AnswerTiming.RETRY_EVERY; i++) {
			assertThat(this.timing.awaitFirst()).as("answer %d after two misses", i).isTrue();
		}
		assertThat(this.timing.awaitFirst()).as("a try, after %d waits", AnswerTiming.RETRY_EVERY - 1).isFalse();
		this.timing.triedFirst(true);
		assertThat(this.timing.awaitFirst()).as("answers are there at once again").isFalse();
	}

	@Test
	void aLongRunOfMissesTakesMoreThanOneAnswerThereToTryAgain() {
		for (int i = 0; i < 10; i++) {
			this.timing.triedFirst(false);
		}
		this.timing.triedFirst(true);
		assertThat(this.timing.awaitFirst()).as("still mostly missing").isTrue();
		this.timing.triedFirst(true);
		assertThat(this.timing.awaitFirst()).as("now mostly there").isFalse();
	}

}
