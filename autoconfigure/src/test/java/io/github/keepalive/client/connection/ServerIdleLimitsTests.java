package io.github.keepalive.client.connection;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServerIdleLimits} on an injected clock: what it learns from closes, and how it
 * unlearns.
 */
class ServerIdleLimitsTests {

	private static final SocketAddress SERVER = InetSocketAddress.createUnresolved("server", 80);

	private static final SocketAddress OTHER = InetSocketAddress.createUnresolved("other", 80);

	private final AtomicLong now = new AtomicLong(1_000_000_000L);

	private final ServerIdleLimits limits = new ServerIdleLimits(this.now::get);

	@Test
	void learnsTheShortestIdleTimeAfterWhichAConnectionWasFoundClosed() {
		this.limits.closedAfter(SERVER, millis(700));
		this.limits.closedAfter(SERVER, millis(520));
		this.limits.closedAfter(SERVER, millis(900));
		assertThat(this.limits.limit(SERVER)).isEqualTo(Duration.ofMillis(520));
		assertThat(this.limits.isNearLimit(SERVER, millis(311))).isFalse();
		assertThat(this.limits.isNearLimit(SERVER, millis(312))).isTrue();
		assertThat(this.limits.isNearLimit(OTHER, millis(5000))).as("another server").isFalse();
	}

	@Test
	void closesAfterAShortIdleTimeTeachNothing() {
		// a restart under load: connections found closed after microseconds or milliseconds
		this.limits.closedAfter(SERVER, millis(30));
		this.limits.closedAfter(SERVER, 200_000);
		assertThat(this.limits.limit(SERVER)).isNull();
		assertThat(this.limits.isNearLimit(SERVER, millis(60))).isFalse();
	}

	@Test
	void aConnectionServedAfterAsLongIdleUnlearnsTheLimit() {
		// a restart found a connection idle for 1 s closed; the server keeps them for longer
		this.limits.closedAfter(SERVER, millis(1000));
		this.limits.servedAfter(SERVER, millis(900));
		assertThat(this.limits.limit(SERVER)).as("served below the limit: no news").isNotNull();
		this.limits.servedAfter(SERVER, millis(1000));
		assertThat(this.limits.limit(SERVER)).isNull();
		assertThat(this.limits.isNearLimit(SERVER, millis(900))).isFalse();
	}

	@Test
	void aLimitNoCloseConfirmsExpires() {
		this.limits.closedAfter(SERVER, millis(500));
		this.now.addAndGet(ServerIdleLimits.EXPIRY.toNanos() - 1);
		assertThat(this.limits.isNearLimit(SERVER, millis(400))).isTrue();
		// confirmed: it lasts another expiry from now
		this.limits.closedAfter(SERVER, millis(600));
		this.now.addAndGet(ServerIdleLimits.EXPIRY.toNanos() - 1);
		assertThat(this.limits.isNearLimit(SERVER, millis(400))).isTrue();
		this.now.addAndGet(1);
		assertThat(this.limits.isNearLimit(SERVER, millis(400))).isFalse();
		assertThat(this.limits.limit(SERVER)).isNull();
	}

	@Test
	void aTunnelIsItsOwnServer() {
		Object viaProxyToA = ServerIdleLimits.server(SERVER, "a.example:443");
		Object viaProxyToB = ServerIdleLimits.server(SERVER, "b.example:443");
		this.limits.closedAfter(viaProxyToA, millis(500));
		assertThat(this.limits.isNearLimit(viaProxyToA, millis(400))).isTrue();
		assertThat(this.limits.isNearLimit(viaProxyToB, millis(400))).isFalse();
		assertThat(this.limits.isNearLimit(ServerIdleLimits.server(SERVER, null), millis(400))).isFalse();
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

	private static long millis(long millis) {
		return Duration.ofMillis(millis).toNanos();
	}

}
