package io.github.keepalive.client.connection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import io.github.keepalive.client.connection.ServerIdleLimits.Renewal;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServerIdleLimits} on an injected clock: what it learns from closes, and how it
 * unlearns.
 */
class ServerIdleLimitsTests {

	private static final SocketAddress SERVER = InetSocketAddress.createUnresolved("server", 80);

	private static final SocketAddress OTHER = InetSocketAddress.createUnresolved("other", 80);

	private static final HttpRequest GET = new BasicHttpRequest("GET", "/");

	private static final HttpRequest POST = new BasicHttpRequest("POST", "/");

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final ServerIdleLimits limits = new ServerIdleLimits(this.now::get);

	@Test
	void learnsTheShortestIdleTimeAfterWhichAConnectionWasFoundClosed() {
		this.limits.closedAfter(SERVER, millis(700));
		this.limits.closedAfter(SERVER, millis(520));
		this.limits.closedAfter(SERVER, millis(900));
		assertThat(this.limits.limit(SERVER)).isEqualTo(Duration.ofMillis(520));
		assertThat(isNearLimit(SERVER, millis(311))).isFalse();
		assertThat(isNearLimit(SERVER, millis(312))).isTrue();
		assertThat(isNearLimit(OTHER, millis(5000))).as("another server").isFalse();
	}

	@Test
	void closesAfterAShortIdleTimeTeachNothing() {
		// a restart under load: connections found closed after microseconds or milliseconds
		this.limits.closedAfter(SERVER, millis(30));
		this.limits.closedAfter(SERVER, 200_000);
		assertThat(this.limits.limit(SERVER)).isNull();
		assertThat(isNearLimit(SERVER, millis(60))).isFalse();
	}

	@Test
	void aRestartMakesTheClosesOfConnectionsIdleSinceBeforeItTeachNothing() {
		// a restart under load: a busy connection found closed, then ones idle for long
		this.limits.closedAfter(SERVER, millis(5));
		this.now.addAndGet(millis(10));
		this.limits.closedAfter(SERVER, millis(2000));
		this.now.addAndGet(millis(3000));
		this.limits.closedAfter(SERVER, millis(3500));
		assertThat(this.limits.limit(SERVER)).isNull();
		assertThat(isNearLimit(SERVER, millis(5000))).isFalse();
		// idle since after the restart: an idle limit
		this.limits.closedAfter(SERVER, millis(600));
		assertThat(this.limits.limit(SERVER)).isEqualTo(Duration.ofMillis(600));
	}

	@Test
	void connectionsIdleSinceTheRestartDrainedTeachNothing() {
		this.limits.closedAfter(SERVER, 0);
		this.now.addAndGet(millis(1500));
		// idle since 0.9 s after the restart was seen: the server may have been draining it
		this.limits.closedAfter(SERVER, millis(600));
		assertThat(this.limits.limit(SERVER)).isNull();
		this.now.addAndGet(millis(700));
		// idle since 1.6 s after
		this.limits.closedAfter(SERVER, millis(600));
		assertThat(this.limits.limit(SERVER)).isEqualTo(Duration.ofMillis(600));
	}

	@Test
	void aRestartDropsALimitLearnedFromTheSameRestart() {
		// the restart's first close seen was of a connection idle for long
		this.limits.closedAfter(SERVER, millis(2000));
		assertThat(this.limits.limit(SERVER)).isEqualTo(Duration.ofMillis(2000));
		this.now.addAndGet(millis(2));
		this.limits.closedAfter(SERVER, millis(3));
		assertThat(this.limits.limit(SERVER)).isNull();
	}

	@Test
	void aRestartKeepsALimitLearnedBeforeIt() {
		this.limits.closedAfter(SERVER, millis(500));
		this.now.addAndGet(ServerIdleLimits.RESTART_SPREAD.toNanos() + 1);
		this.limits.closedAfter(SERVER, millis(3));
		assertThat(this.limits.limit(SERVER)).isEqualTo(Duration.ofMillis(500));
		this.now.addAndGet(ServerIdleLimits.RESTART_SPREAD.toNanos() + 1);
		assertThat(isNearLimit(SERVER, millis(300))).isTrue();
	}

	@Test
	void aRestartElsewhereChangesNothing() {
		this.limits.closedAfter(SERVER, millis(500));
		this.limits.closedAfter(OTHER, millis(3));
		this.now.addAndGet(millis(10));
		this.limits.closedAfter(SERVER, millis(400));
		assertThat(this.limits.limit(SERVER)).isEqualTo(Duration.ofMillis(400));
		assertThat(this.limits.limit(OTHER)).isNull();
	}

	@Test
	void aConnectionServedAfterAsLongIdleUnlearnsTheLimit() {
		// a restart found a connection idle for 1 s closed; the server keeps them for longer
		this.limits.closedAfter(SERVER, millis(1000));
		this.limits.servedAfter(SERVER, millis(900));
		assertThat(this.limits.limit(SERVER)).as("served below the limit: no news").isNotNull();
		this.limits.servedAfter(SERVER, millis(1000));
		assertThat(this.limits.limit(SERVER)).isNull();
		assertThat(isNearLimit(SERVER, millis(900))).isFalse();
	}

	@Test
	void aLimitNoCloseConfirmsExpires() {
		this.limits.closedAfter(SERVER, millis(500));
		this.now.addAndGet(ServerIdleLimits.EXPIRY.toNanos() - 1);
		assertThat(isNearLimit(SERVER, millis(400))).isTrue();
		// confirmed: it lasts another expiry from now
		this.limits.closedAfter(SERVER, millis(600));
		this.now.addAndGet(ServerIdleLimits.EXPIRY.toNanos() - 1);
		assertThat(isNearLimit(SERVER, millis(400))).isTrue();
		this.now.addAndGet(1);
		assertThat(isNearLimit(SERVER, millis(400))).isFalse();
		assertThat(this.limits.limit(SERVER)).isNull();
	}

	@Test
	void aTunnelIsItsOwnServer() {
		Object viaProxyToA = ServerIdleLimits.server(SERVER, "a.example:443");
		Object viaProxyToB = ServerIdleLimits.server(SERVER, "b.example:443");
		this.limits.closedAfter(viaProxyToA, millis(500));
		assertThat(isNearLimit(viaProxyToA, millis(400))).isTrue();
		assertThat(isNearLimit(viaProxyToB, millis(400))).isFalse();
		assertThat(isNearLimit(ServerIdleLimits.server(SERVER, null), millis(400))).isFalse();
		assertThat(ServerIdleLimits.server(SERVER, "a.example:443")).isEqualTo(viaProxyToA);
	}

	@Test
	void expiredLimitsMakeRoomForNewServers() {
		for (int i = 0; i < 1000; i++) {
			this.limits.closedAfter(InetSocketAddress.createUnresolved("s" + i, 80), millis(500));
		}
		this.limits.closedAfter(OTHER, millis(500));
		assertThat(this.limits.limit(OTHER)).as("full").isNull();
		this.now.addAndGet(ServerIdleLimits.EXPIRY.toNanos());
		this.limits.closedAfter(OTHER, millis(500));
		assertThat(this.limits.limit(OTHER)).isEqualTo(Duration.ofMillis(500));
	}

	@Test
	void aConnectionIdleWhenTheServerRestartedIsRenewedWhateverTheRequest() {
		long idleSince = this.now.get();
		this.now.addAndGet(millis(10));
		// a busy connection found closed: the restart's first sign
		this.limits.closedAfter(SERVER, millis(2));
		this.now.addAndGet(millis(10));
		assertThat(this.limits.renewal(SERVER, this.now.get() - idleSince, GET)).isEqualTo(Renewal.RESTARTED);
		assertThat(this.limits.renewal(SERVER, this.now.get() - idleSince, POST)).isEqualTo(Renewal.RESTARTED);
		assertThat(this.limits.renewal(SERVER, millis(5), POST)).as("idle since after the restart").isNull();
		assertThat(this.limits.renewal(OTHER, this.now.get() - idleSince, GET)).as("another server").isNull();
		this.now.addAndGet(ServerIdleLimits.RESTART_SPREAD.toNanos());
		assertThat(this.limits.renewal(SERVER, this.now.get() - idleSince, GET))
			.as("long after: the check before reuse sees the close").isNull();
	}

	@Test
	void aConnectionReleasedSinceTheSignsConnectionWasLastSeenAliveIsKept() {
		// released 1 ms before a connection idle for 4 ms was found closed: it was alive
		// after that one, through the restart's beginning
		long releasedAt = this.now.get();
		this.now.addAndGet(millis(1));
		this.limits.closedAfter(SERVER, millis(4));
		assertThat(this.limits.renewal(SERVER, this.now.get() - releasedAt, POST)).isNull();
		assertThat(this.limits.renewal(SERVER, millis(6), POST)).isEqualTo(Renewal.RESTARTED);
	}

	@Test
	void laterSignsOfTheSameRestartSpareConnectionsOpenedSince() {
		this.limits.closedAfter(SERVER, millis(1));
		this.now.addAndGet(millis(10));
		long newConnectionIdleSince = this.now.get();
		this.now.addAndGet(millis(40));
		this.limits.closedAfter(SERVER, millis(3));
		this.now.addAndGet(millis(10));
		assertThat(this.limits.renewal(SERVER, this.now.get() - newConnectionIdleSince, GET)).isNull();
	}

	@Test
	void noRenewalWithoutRestartOrLimit() {
		assertThat(this.limits.renewal(SERVER, millis(60_000), POST)).isNull();
		assertThat(this.limits.renewal(null, millis(60_000), POST)).isNull();
		this.limits.closedAfter(SERVER, millis(500));
		assertThat(this.limits.renewal(SERVER, millis(400), GET)).as("can be sent again").isNull();
	}

	private boolean isNearLimit(Object server, long idleNanos) {
		return this.limits.renewal(server, idleNanos, POST) == Renewal.NEAR_LIMIT;
	}

	private static long millis(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

}
