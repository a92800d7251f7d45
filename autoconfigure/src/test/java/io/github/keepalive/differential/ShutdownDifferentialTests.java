package io.github.keepalive.differential;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.realserver.CallerLoad;
import io.github.keepalive.realserver.CallerLoad.Call;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application context closes while 16 callers wait for their responses, through the
 * starter and through Boot's client: the server answers 300 ms after the close began.
 */
@Tag("differential")
class ShutdownDifferentialTests {

	private static final int CALLERS = 16;

	@RegisterExtension
	LoopbackHttpServer server = LoopbackHttpServer.start();

	@Test
	void contextClosedWithRequestsInFlight() {
		Map<ClientSide, LoadFigures> figures = DifferentialSides.bothSides(this.server, List.of(), (clients) -> {
			ServerTally tally = ServerTally.start(this.server);
			this.server.holdResponses();
			CountDownLatch closing = new CountDownLatch(1);
			// Counted before any caller starts, not in the closer thread, which may run late.
			int from = this.server.requests();
			Thread closer = new Thread(() -> {
				this.server.awaitRequests(from + clients.side().leasedAtPeak(CALLERS),
						Duration.ofSeconds(10));
				closing.countDown();
				clients.context().close();
			}, "closer");
			Thread releaser = new Thread(() -> {
				try {
					closing.await(10, TimeUnit.SECONDS);
					Thread.sleep(300);
				}
				catch (InterruptedException ex) {
					Thread.currentThread().interrupt();
				}
				this.server.releaseResponses();
			}, "releaser");
			closer.start();
			releaser.start();
			// one request per caller, every caller at once
			long start = System.nanoTime();
			List<Call> calls = CallerLoad.run(clients.primary(), CALLERS, Duration.ofSeconds(30), 1,
					(random, call) -> 0);
			join(closer);
			join(releaser);
			LoadFigures side = LoadFigures.of(clients.side(), "context closed with 16 requests in flight", CALLERS,
					calls, tally.received(), tally.duplicated(), tally.accepted(), Duration.ofNanos(System.nanoTime() - start));
			side.log();
			return side;
		});
		LoadFigures starter = figures.get(ClientSide.STARTER);
		LoadFigures boot = figures.get(ClientSide.BOOT);
		assertThat(starter.duplicated()).as("requests received twice").isZero();
		assertThat(starter.getFailures() + starter.postFailures())
			.as("the starter's failed requests (%s), Boot's client: %s", starter.failureKinds(), boot.failureKinds())
			.isLessThanOrEqualTo(boot.getFailures() + boot.postFailures());
	}

	private static void join(Thread thread) {
		try {
			thread.join(15_000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
