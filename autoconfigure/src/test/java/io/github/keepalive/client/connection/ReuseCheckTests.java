package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.connection.ChannelStreams.Peek;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

/**
 * {@link ReuseCheck} on a real loopback connection, with the idle limits on a clock of
 * the test's: which reused connections meet their request, why the others close, and what
 * the idle limits learn. A connection "idle for 10 s" was released with a time 10 s ago.
 */
class ReuseCheckTests {

	private static final long IDLE_NANOS = Duration.ofSeconds(10).toNanos();

	private static final String CONNECTION = "http-outgoing-1";

	private final List<String> closes = new ArrayList<>();

	private final ServerIdleLimits idleLimits = new ServerIdleLimits(() -> Duration.ofHours(1).toNanos());

	private final ConnectionLifecycle lifecycle = new ConnectionLifecycle(new ConnectionListener() {

		@Override
		public void connectionClosed(ConnectionCloseReason reason, long requests) {
			ReuseCheckTests.this.closes.add(reason.tagValue());
		}

	}, new ConnectionTally(), ConnectionLifePolicy.fixed(Duration.ofDays(1)), () -> false);

	private final ReuseCheck check = new ReuseCheck(this.idleLimits, this.lifecycle);

	@RegisterExtension
	private final LoopbackPeer peer = new LoopbackPeer();

	private ChannelSocket client;

	private Socket server;

	private SocketAddress address;

	@BeforeEach
	void connect() throws IOException {
		this.client = new ChannelSocket();
		this.client.connect(this.peer.address(), 10_000);
		this.server = this.peer.accept();
		this.address = this.client.getRemoteSocketAddress();
		this.lifecycle.connecting();
		this.lifecycle.connected();
		this.check.connecting();
		this.check.bound(this.client);
	}

	@AfterEach
	void close() throws IOException {
		this.client.close();
	}

	@Test
	void aLiveConnectionMeetsItsRequest() throws IOException {
		idleAndLeased();
		this.check.beforeSending(get(), CONNECTION);
		assertThat(closeReason()).isEqualTo("idle");
	}

	@Test
	void aConnectionTheServerClosedMeetsNoRequest() throws IOException {
		closedByTheServer();
		idleAndLeased();
		assertThatExceptionOfType(RequestNotSentException.class)
			.isThrownBy(() -> this.check.beforeSending(get(), CONNECTION))
			.withMessage("Connection http-outgoing-1 was closed by the server before the GET request was sent");
		assertThat(closeReason()).isEqualTo("stale");
		assertThat(this.idleLimits.limit(this.address)).as("learned").isGreaterThanOrEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void onlyTheFirstRequestAfterALeaseIsChecked() throws IOException {
		idleAndLeased();
		this.check.beforeSending(get(), CONNECTION);
		closedByTheServer();
		assertThatNoException().isThrownBy(() -> this.check.beforeSending(get(), CONNECTION));
		this.check.activated();
		assertThatExceptionOfType(RequestNotSentException.class)
			.isThrownBy(() -> this.check.beforeSending(get(), CONNECTION));
	}

	@Test
	void aConnectNewlyUnderWayIsNotChecked() throws IOException {
		idleAndLeased();
		closedByTheServer();
		this.check.connecting();
		assertThatNoException().isThrownBy(() -> this.check.beforeSending(get(), CONNECTION));
		assertThat(this.check.hasStaleCheck()).isFalse();
	}

	@Test
	void aPostIsNotSentOnAConnectionIdleCloseToTheLimitLearned() throws IOException {
		this.idleLimits.closedAfter(this.address, Duration.ofSeconds(1).toNanos());
		idleAndLeased();
		assertThatExceptionOfType(RequestNotSentException.class)
			.isThrownBy(() -> this.check.beforeSending(new BasicClassicHttpRequest("POST", "/"), CONNECTION))
			.withMessageMatching("Connection http-outgoing-1 was idle for \\d+ ms, close to when the server closed one"
					+ " before: renewed before the POST request was sent");
		assertThat(closeReason()).isEqualTo("renewed");
	}

	@Test
	void aRequestServedAfterALongerIdleUnlearnsTheLimit() throws IOException {
		this.idleLimits.closedAfter(this.address, Duration.ofSeconds(1).toNanos());
		idleAndLeased();
		// a GET can be sent again: it goes out
		this.check.beforeSending(get(), CONNECTION);
		assertThat(this.idleLimits.limit(this.address)).isEqualTo(Duration.ofSeconds(1));
		this.check.served();
		assertThat(this.idleLimits.limit(this.address)).isNull();
	}

	@Test
	void aConnectionIdleSinceBeforeARestartIsRenewedWhateverTheRequest() {
		// another connection closed at once: the server restarts
		this.idleLimits.closedAfter(this.address, 0);
		idleAndLeased();
		assertThatExceptionOfType(RequestNotSentException.class)
			.isThrownBy(() -> this.check.beforeSending(get(), CONNECTION))
			.withMessageEndingWith(" ms, since before the server was seen to restart: renewed before the GET request"
					+ " was sent");
		assertThat(closeReason()).isEqualTo("renewed");
	}

	@Test
	void aCloseUnderARequestOnAReusedConnectionTeachesTheIdleTime() throws IOException {
		idleAndLeased();
		this.check.beforeSending(get(), CONNECTION);
		this.check.closedUnderRequest();
		assertThat(this.idleLimits.limit(this.address)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void aCloseUnderARequestThatFollowedNoIdleWaitIsTheSignOfARestart() throws IOException {
		idleAndLeased();
		this.check.beforeSending(get(), CONNECTION);
		this.check.served();
		// the next request on the same lease
		this.check.beforeSending(get(), CONNECTION);
		this.check.closedUnderRequest();
		assertThat(this.idleLimits.limit(this.address)).isNull();
		assertThat(this.idleLimits.renewal(this.address, 0, get())).isEqualTo(ServerIdleLimits.Renewal.RESTARTED);
	}

	@Test
	void anIdleConnectionFoundStaleTeachesItsIdleTime() {
		this.check.released(System.nanoTime() - IDLE_NANOS);
		assertThat(this.check.hasStaleCheck()).isTrue();
		assertThat(this.check.isClosedByServer()).isFalse();
		this.check.foundStale();
		assertThat(closeReason()).isEqualTo("stale");
		assertThat(this.idleLimits.limit(this.address)).isGreaterThanOrEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void throughATunnelTheServerIsTheTarget() {
		this.check.tunnelled(this.address, "api.example.com:443");
		this.check.released(System.nanoTime() - IDLE_NANOS);
		this.check.foundStale();
		assertThat(this.idleLimits.limit(ServerIdleLimits.server(this.address, "api.example.com:443"))).isNotNull();
		assertThat(this.idleLimits.limit(this.address)).isNull();
	}

	@Test
	void aPlainSocketHasNoStaleCheck() throws IOException {
		try (Socket plain = new Socket()) {
			this.check.bound(plain);
		}
		assertThat(this.check.hasStaleCheck()).isFalse();
		assertThat(this.check.isClosedByServer()).isFalse();
	}

	@Test
	void theIdleTimeEndsWhenThePoolLeasedTheConnectionWithoutAClockReadOfItsOwn() throws IOException {
		// released an hour ago by the clock, but leased after 10 s by the pool's moments
		long releasedAt = System.nanoTime() - TimeUnit.HOURS.toNanos(1);
		this.check.released(releasedAt);
		this.lifecycle.released();
		this.check.activated();
		this.check.leased(releasedAt + IDLE_NANOS);
		closedByTheServer();
		assertThatExceptionOfType(RequestNotSentException.class)
			.isThrownBy(() -> this.check.beforeSending(get(), CONNECTION));
		assertThat(this.idleLimits.limit(this.address)).as("learned from the idle time the pool saw")
			.isGreaterThanOrEqualTo(Duration.ofSeconds(10))
			.isLessThan(Duration.ofMinutes(1));
	}

	@Test
	void aLeaseTheConnectionWasNotToldOfIsTimedByTheClock() throws IOException {
		// the moment of the lease before this release: the idle time runs until now
		long previousLease = System.nanoTime() - TimeUnit.HOURS.toNanos(2);
		this.check.leased(previousLease);
		this.check.released(System.nanoTime() - TimeUnit.HOURS.toNanos(1));
		this.lifecycle.released();
		this.check.activated();
		closedByTheServer();
		assertThatExceptionOfType(RequestNotSentException.class)
			.isThrownBy(() -> this.check.beforeSending(get(), CONNECTION));
		assertThat(this.idleLimits.limit(this.address)).as("learned from an hour idle")
			.isGreaterThanOrEqualTo(Duration.ofMinutes(59));
	}

	private void idleAndLeased() {
		// the moments the pool tells the connection: idle for IDLE_NANOS until its lease
		long releasedAt = System.nanoTime() - IDLE_NANOS;
		this.check.released(releasedAt);
		this.lifecycle.released();
		this.check.activated();
		this.check.leased(releasedAt + IDLE_NANOS);
	}

	private void closedByTheServer() throws IOException {
		this.server.close();
		assertThat(LoopbackHttpServer.await(() -> this.client.peek() == Peek.CLOSED, Duration.ofSeconds(10)))
			.as("the close reached the client")
			.isTrue();
	}

	private String closeReason() {
		this.lifecycle.closed(null);
		assertThat(this.closes).hasSize(1);
		return this.closes.get(0);
	}

	private static ClassicHttpRequest get() {
		return new BasicClassicHttpRequest("GET", "/");
	}

}
