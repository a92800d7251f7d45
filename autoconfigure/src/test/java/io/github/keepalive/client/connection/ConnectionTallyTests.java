package io.github.keepalive.client.connection;

import java.util.Map;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

/**
 * {@link ConnectionTally}: connections opened, and failed attempts by reason.
 */
class ConnectionTallyTests {

	private final ConnectionTally tally = new ConnectionTally();

	@Test
	void aNewTallyHasCountedNothingAndListsEveryReason() {
		assertThat(this.tally.opened()).isZero();
		assertThat(this.tally.failed()).containsExactly(entry("refused", 0L), entry("timeout", 0L), entry("tls", 0L),
				entry("dns", 0L), entry("proxy", 0L));
	}

	@Test
	void countsConnectionsOpened() {
		this.tally.countOpened();
		this.tally.countOpened();
		this.tally.countOpened();
		assertThat(this.tally.opened()).isEqualTo(3);
		assertThat(this.tally.failed().values()).as("an open is not a failure").containsOnly(0L);
	}

	@Test
	void countsEachFailureUnderItsReasonOnly() {
		this.tally.countFailed(ConnectionFailureReason.TIMEOUT);
		this.tally.countFailed(ConnectionFailureReason.DNS);
		this.tally.countFailed(ConnectionFailureReason.TIMEOUT);
		this.tally.countFailed(ConnectionFailureReason.PROXY);
		assertThat(this.tally.failed()).containsExactly(entry("refused", 0L), entry("timeout", 2L), entry("tls", 0L),
				entry("dns", 1L), entry("proxy", 1L));
		assertThat(this.tally.opened()).as("a failure is never counted as opened").isZero();
	}

	@Test
	void failuresAreACopyOfTheCountsWhenAsked() {
		Map<String, Long> before = this.tally.failed();
		this.tally.countFailed(ConnectionFailureReason.REFUSED);
		assertThat(before).containsEntry("refused", 0L);
		before.put("refused", 42L);
		assertThat(this.tally.failed()).containsEntry("refused", 1L);
	}

	@Test
	void countsFromManyThreadsAtOnceAreNotLost() {
		IntStream.range(0, 20_000).parallel().forEach((i) -> {
			this.tally.countOpened();
			this.tally.countFailed(ConnectionFailureReason.values()[i % ConnectionFailureReason.values().length]);
		});
		assertThat(this.tally.opened()).isEqualTo(20_000);
		assertThat(this.tally.failed().values()).containsOnly(4_000L);
	}

}
