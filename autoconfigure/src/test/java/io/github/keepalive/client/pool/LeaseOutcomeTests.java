package io.github.keepalive.client.pool;

import java.io.IOException;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a wait for a lease that failed ended, as its exception and the client's state say.
 */
class LeaseOutcomeTests {

	@Test
	void eachFailureHasItsOutcome() {
		assertThat(LeaseOutcome.endedBy(new TimeoutException(), false)).isEqualTo(LeaseOutcome.TIMEOUT);
		assertThat(LeaseOutcome.endedBy(new InterruptedException(), false)).isEqualTo(LeaseOutcome.INTERRUPTED);
		assertThat(LeaseOutcome.endedBy(new ClientShuttingDownException("test"), false))
			.isEqualTo(LeaseOutcome.SHUTDOWN);
		assertThat(LeaseOutcome.endedBy(new CancellationException(), false)).isEqualTo(LeaseOutcome.CANCELLED);
		assertThat(LeaseOutcome.endedBy(new ExecutionException(new IOException()), false))
			.isEqualTo(LeaseOutcome.FAILED);
		assertThat(LeaseOutcome.endedBy(new IllegalStateException("pool shut down"), false))
			.isEqualTo(LeaseOutcome.FAILED);
	}

	@Test
	void onlyACancellationIsTakenForTheShutdownWhileTheClientShutsDown() {
		assertThat(LeaseOutcome.endedBy(new CancellationException(), true)).isEqualTo(LeaseOutcome.SHUTDOWN);
		assertThat(LeaseOutcome.endedBy(new TimeoutException(), true)).isEqualTo(LeaseOutcome.TIMEOUT);
		assertThat(LeaseOutcome.endedBy(new InterruptedException(), true)).isEqualTo(LeaseOutcome.INTERRUPTED);
		assertThat(LeaseOutcome.endedBy(new ExecutionException(new IOException()), true))
			.isEqualTo(LeaseOutcome.FAILED);
	}

}
