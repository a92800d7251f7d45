package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SSLHandshakeException;

import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.message.BasicHttpRequest;
import org.apache.hc.core5.http.message.BasicHttpResponse;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ConnectionLifecycle}: what a connection's listener and tally hear of its life.
 */
class ConnectionLifecycleTests {

	/** A life no test outlives: a connection closed in a test has not expired. */
	private static final Duration LONG_LIFE = Duration.ofDays(365);

	private final List<String> events = new ArrayList<>();

	private final ConnectionListener listener = new ConnectionListener() {

		@Override
		public void connectionOpened() {
			ConnectionLifecycleTests.this.events.add("opened");
		}

		@Override
		public void connectionFailed(ConnectionFailureReason reason) {
			ConnectionLifecycleTests.this.events.add("failed " + reason.tagValue());
		}

		@Override
		public void requestSent() {
			ConnectionLifecycleTests.this.events.add("sent");
		}

		@Override
		public void connectionClosed(ConnectionCloseReason reason, long requests) {
			ConnectionLifecycleTests.this.events.add("closed " + reason.tagValue() + " after " + requests);
		}

	};

	private final ConnectionTally tally = new ConnectionTally();

	private final AtomicBoolean shuttingDown = new AtomicBoolean();

	private final AtomicInteger tlsGeneration = new AtomicInteger(1);

	@Test
	void aConnectionIsOpenedWhenItsFirstRequestGoesOut() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		assertThat(this.events).as("connected, not yet known to be established").isEmpty();
		assertThat(this.tally.opened()).isZero();
		lifecycle.sending(get());
		assertThat(this.events).containsExactly("opened", "sent");
		assertThat(this.tally.opened()).isOne();
	}

	@Test
	void aConnectionIsOpenedOnceHoweverManyRequestsItSends() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(get());
		lifecycle.released();
		lifecycle.sending(get());
		lifecycle.released();
		lifecycle.sending(get());
		lifecycle.closed(null);
		assertThat(this.events).containsExactly("opened", "sent", "sent", "sent", "closed idle after 3");
		assertThat(this.tally.opened()).isOne();
	}

	@Test
	void aConnectionReleasedUnusedIsOpenedOnce() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.released();
		assertThat(this.events).as("warmed up").containsExactly("opened");
		lifecycle.released();
		lifecycle.sending(get());
		lifecycle.closed(null);
		assertThat(this.events).containsExactly("opened", "sent", "closed idle after 1");
		assertThat(this.tally.opened()).isOne();
	}

	@Test
	void aConnectionClosedBeforeItsFirstRequestStillCountsAsOpened() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.closed(null);
		assertThat(this.events).containsExactly("opened", "closed idle after 0");
		assertThat(this.tally.opened()).isOne();
		assertThat(this.tally.failed().values()).containsOnly(0L);
	}

	@Test
	void aConnectionNeverConnectedClosesUnheard() {
		ConnectionLifecycle lifecycle = lifecycle(LONG_LIFE);
		lifecycle.connecting();
		lifecycle.tcpConnected(false);
		lifecycle.closed(null);
		assertThat(this.events).isEmpty();
		assertThat(this.tally.opened()).isZero();
		assertThat(this.tally.failed().values()).containsOnly(0L);
	}

	@Test
	void aConnectionIsClosedOnce() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(get());
		lifecycle.closed(null);
		lifecycle.closed(ConnectionCloseReason.ERROR);
		assertThat(this.events).containsExactly("opened", "sent", "closed idle after 1");
	}

	@Test
	void aConnectionToAProxyIsOpenedWhenTlsIsLayeredOverItsTunnel() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(connect());
		assertThat(establishment()).as("tunnel asked for, not up yet").isEmpty();
		lifecycle.released();
		assertThat(establishment()).as("released while tunnelling").isEmpty();
		lifecycle.tls();
		lifecycle.upgraded();
		assertThat(establishment()).containsExactly("opened");
		lifecycle.sending(get());
		lifecycle.released();
		lifecycle.closed(null);
		assertThat(establishment()).containsExactly("opened");
		assertThat(this.events).last().asString().startsWith("closed idle after ");
		assertThat(this.tally.opened()).isOne();
	}

	@Test
	void aTunnelCarryingPlainRequestsIsOpenedByItsFirstRequestThatIsNotAConnect() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(connect());
		// challenged for proxy credentials: the CONNECT again, on the same connection
		lifecycle.sending(connect());
		assertThat(establishment()).isEmpty();
		lifecycle.sending(get());
		assertThat(establishment()).containsExactly("opened");
		assertThat(this.events).last().isEqualTo("sent");
		assertThat(this.tally.opened()).isOne();
	}

	@Test
	void aConnectionThatSentAConnectAndClosesWithoutATunnelFailedForTheProxy() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(connect());
		lifecycle.closed(null);
		assertThat(establishment()).containsExactly("failed proxy");
		assertThat(this.events).noneMatch((event) -> event.startsWith("closed"));
		assertThat(this.tally.opened()).isZero();
		assertThat(this.tally.failed()).containsEntry("proxy", 1L);
	}

	@Test
	void aFailureToLayerTlsOverATunnelIsATlsFailure() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(connect());
		lifecycle.failed(new SSLHandshakeException("bad certificate"));
		lifecycle.closed(null);
		assertThat(establishment()).containsExactly("failed tls");
		assertThat(this.tally.opened()).isZero();
		assertThat(this.tally.failed()).containsEntry("tls", 1L).containsEntry("proxy", 0L);
	}

	@Test
	void aConnectionAlreadyOpenedIsNotFailedByAConnectItSends() {
		// warmed up to the proxy, then asked to tunnel, and the proxy refuses
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.released();
		lifecycle.sending(connect());
		lifecycle.closed(null);
		assertThat(establishment()).containsExactly("opened");
		assertThat(this.events).last().asString().startsWith("closed idle after ");
		assertThat(this.tally.failed()).containsEntry("proxy", 0L);
	}

	@Test
	void aHostThatDoesNotResolveFailsForDns() {
		assertThat(failureOf(new UnknownHostException("nowhere.invalid"), false)).isEqualTo("failed dns");
	}

	@Test
	void aConnectThatTimesOutFailsForTimeout() {
		assertThat(failureOf(new ConnectTimeoutException("connect timed out"), false)).isEqualTo("failed timeout");
		assertThat(failureOf(new SocketTimeoutException("handshake timed out"), true)).isEqualTo("failed timeout");
	}

	@Test
	void aConnectRefusedBeforeTheTcpConnectionIsUpFailsForRefused() {
		assertThat(failureOf(new ConnectException("Connection refused"), false)).isEqualTo("failed refused");
	}

	@Test
	void aFailureOnceTheTcpConnectionIsUpIsATlsFailure() {
		assertThat(failureOf(new IOException("Connection reset"), true)).isEqualTo("failed tls");
		assertThat(failureOf(new SSLHandshakeException("PKIX path building failed"), false)).isEqualTo("failed tls");
	}

	@Test
	void aFailedAttemptIsCountedOnceAndNeverClosed() {
		ConnectionLifecycle lifecycle = lifecycle(LONG_LIFE);
		lifecycle.connecting();
		lifecycle.tcpConnected(false);
		lifecycle.failed(new ConnectException("Connection refused"));
		lifecycle.failed(new ConnectException("Connection refused"));
		lifecycle.closed(ConnectionCloseReason.ERROR);
		assertThat(this.events).containsExactly("failed refused");
		assertThat(this.tally.opened()).isZero();
		assertThat(this.tally.failed()).containsEntry("refused", 1L);
	}

	@Test
	void aFailureAfterTheConnectionClosedIsNotCounted() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.closed(null);
		lifecycle.failed(new ConnectException("Connection refused"));
		assertThat(this.events).containsExactly("opened", "closed idle after 0");
		assertThat(this.tally.failed().values()).containsOnly(0L);
	}

	@Test
	void aReconnectStartsAFreshLife() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(get());
		lifecycle.sending(get());
		lifecycle.willClose(ConnectionCloseReason.STALE);
		lifecycle.closed(null);
		lifecycle.connecting();
		lifecycle.connected();
		lifecycle.sending(get());
		lifecycle.closed(null);
		assertThat(this.events).containsExactly("opened", "sent", "sent", "closed stale after 2", "opened", "sent",
				"closed idle after 1");
		assertThat(this.tally.opened()).isEqualTo(2);
	}

	@Test
	void aReconnectForgetsThatTheTcpConnectionWasUp() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.closed(null);
		lifecycle.connecting();
		lifecycle.failed(new ConnectException("Connection refused"));
		assertThat(this.events).containsExactly("opened", "closed idle after 0", "failed refused");
	}

	@Test
	void aConnectionClosedWithoutAReasonWhileAliveClosesIdle() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(get());
		lifecycle.received(response(null));
		lifecycle.closed(null);
		assertThat(closeReason()).isEqualTo("idle");
	}

	@Test
	void aConnectionPastItsLifeClosesExpired() {
		ConnectionLifecycle lifecycle = connected(Duration.ZERO);
		lifecycle.sending(get());
		lifecycle.closed(null);
		assertThat(closeReason()).isEqualTo("expired");
	}

	@Test
	void aTlsConnectionMadeBeforeAnSslReloadClosesSslReloaded() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.tls();
		this.tlsGeneration.incrementAndGet();
		lifecycle.closed(null);
		assertThat(closeReason()).isEqualTo("ssl-reloaded");
	}

	@Test
	void expiryWinsOverAnSslReload() {
		ConnectionLifecycle lifecycle = connected(Duration.ZERO);
		lifecycle.tls();
		this.tlsGeneration.incrementAndGet();
		lifecycle.closed(null);
		assertThat(closeReason()).isEqualTo("expired");
	}

	@Test
	void aPlainConnectionIsNotClosedForAnSslReload() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		this.tlsGeneration.incrementAndGet();
		assertThat(lifecycle.isOutdated()).isFalse();
		lifecycle.closed(null);
		assertThat(closeReason()).isEqualTo("idle");
	}

	@Test
	void anImmediateCloseWinsOverExpiryAndAnSslReload() {
		ConnectionLifecycle lifecycle = connected(Duration.ZERO);
		lifecycle.tls();
		this.tlsGeneration.incrementAndGet();
		lifecycle.closed(ConnectionCloseReason.ERROR);
		assertThat(closeReason()).isEqualTo("error");
	}

	@Test
	void shutdownWinsOverAnImmediateReason() {
		ConnectionLifecycle lifecycle = connected(Duration.ZERO);
		// asked when the connection closes, not when it was made
		this.shuttingDown.set(true);
		lifecycle.closed(ConnectionCloseReason.ERROR);
		assertThat(closeReason()).isEqualTo("shutdown");
	}

	@Test
	void aReasonGivenBeforehandWinsOverShutdown() {
		ConnectionLifecycle lifecycle = connected(Duration.ZERO);
		lifecycle.willClose(ConnectionCloseReason.LIMIT);
		this.shuttingDown.set(true);
		lifecycle.closed(ConnectionCloseReason.ERROR);
		assertThat(closeReason()).isEqualTo("limit");
	}

	@Test
	void theLastReasonGivenBeforehandWins() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.willClose(ConnectionCloseReason.STALE);
		lifecycle.willClose(ConnectionCloseReason.RENEWED);
		lifecycle.closed(null);
		assertThat(closeReason()).isEqualTo("renewed");
	}

	@Test
	void aRequestThatAsksToCloseMakesTheConnectionNotReusable() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(request("GET", "close"));
		lifecycle.closed(null);
		assertThat(this.events).containsExactly("opened", "sent", "closed not-reusable after 1");
	}

	@Test
	void aServerEchoingTheClientsCloseLeavesTheCloseTheClients() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(request("GET", "close"));
		lifecycle.received(response("close"));
		lifecycle.closed(null);
		assertThat(closeReason()).isEqualTo("not-reusable");
	}

	@Test
	void aResponseThatAnnouncesCloseMakesTheConnectionClosedByTheServer() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(get());
		lifecycle.received(response("Close"));
		lifecycle.closed(null);
		assertThat(closeReason()).isEqualTo("closed-by-server");
	}

	@Test
	void aCloseAnnouncedByTheServerWinsOverShutdown() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(get());
		lifecycle.received(response("close"));
		this.shuttingDown.set(true);
		lifecycle.closed(ConnectionCloseReason.ERROR);
		assertThat(closeReason()).isEqualTo("closed-by-server");
	}

	@Test
	void connectionHeadersThatDoNotAskToCloseChangeNothing() {
		ConnectionLifecycle lifecycle = connected(LONG_LIFE);
		lifecycle.sending(request("GET", "keep-alive"));
		lifecycle.received(response("keep-alive"));
		lifecycle.closed(null);
		assertThat(closeReason()).isEqualTo("idle");
	}

	@Test
	void aConnectionHasNoDeadlineUntilItIsConnected() {
		ConnectionLifecycle lifecycle = lifecycle(Duration.ZERO);
		lifecycle.connecting();
		assertThat(lifecycle.remainingNanos()).isEqualTo(Long.MAX_VALUE);
		lifecycle.connected();
		assertThat(lifecycle.remainingNanos()).isNotPositive();
	}

	@Test
	void aConnectionsLifeStartsWhenItIsConnected() {
		Duration life = Duration.ofHours(1);
		ConnectionLifecycle lifecycle = connected(life);
		assertThat(lifecycle.remainingNanos()).isPositive().isLessThanOrEqualTo(life.toNanos());
	}

	@Test
	void aTlsConnectionIsOutdatedOnceTheSslGenerationMovesOnFromTheOneItWasMadeWith() {
		ConnectionLifecycle lifecycle = lifecycle(LONG_LIFE);
		// reloaded after the connection was made, before its handshake: outdated too
		this.tlsGeneration.set(2);
		lifecycle.connecting();
		lifecycle.tls();
		lifecycle.connected();
		assertThat(lifecycle.isOutdated()).isTrue();
		ConnectionLifecycle current = connected(LONG_LIFE);
		current.tls();
		assertThat(current.isOutdated()).isFalse();
		this.tlsGeneration.set(3);
		assertThat(current.isOutdated()).isTrue();
	}

	private ConnectionLifecycle lifecycle(Duration timeToLive) {
		return new ConnectionLifecycle(this.listener, this.tally,
				new ConnectionLifePolicy(timeToLive, Duration.ZERO, this.tlsGeneration::get), this.shuttingDown::get);
	}

	private ConnectionLifecycle connected(Duration timeToLive) {
		ConnectionLifecycle lifecycle = lifecycle(timeToLive);
		lifecycle.connecting();
		lifecycle.tcpConnected(false);
		lifecycle.tcpConnected(true);
		lifecycle.connected();
		return lifecycle;
	}

	private String failureOf(IOException failure, boolean tcpConnected) {
		this.events.clear();
		ConnectionLifecycle lifecycle = lifecycle(LONG_LIFE);
		lifecycle.connecting();
		lifecycle.tcpConnected(tcpConnected);
		lifecycle.failed(failure);
		assertThat(this.events).hasSize(1);
		return this.events.get(0);
	}

	/** The events that say whether the connection was established: opened or failed. */
	private List<String> establishment() {
		return this.events.stream()
			.filter((event) -> event.equals("opened") || event.startsWith("failed "))
			.toList();
	}

	private String closeReason() {
		List<String> closes = this.events.stream().filter((event) -> event.startsWith("closed ")).toList();
		assertThat(closes).hasSize(1);
		return closes.get(0).substring("closed ".length(), closes.get(0).indexOf(" after "));
	}

	private static HttpRequest get() {
		return new BasicHttpRequest("GET", "/");
	}

	private static HttpRequest connect() {
		return new BasicHttpRequest("CONNECT", "api.example.com:443");
	}

	private static HttpRequest request(String method, String connection) {
		HttpRequest request = new BasicHttpRequest(method, "/");
		request.addHeader("Connection", connection);
		return request;
	}

	private static HttpResponse response(@Nullable String connection) {
		HttpResponse response = new BasicHttpResponse(200);
		if (connection != null) {
			response.addHeader("Connection", connection);
		}
		return response;
	}

}
