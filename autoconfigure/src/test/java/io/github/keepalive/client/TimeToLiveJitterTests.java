package io.github.keepalive.client;

import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code keep-alive.time-to-live-jitter}: each connection lives the time-to-live minus a
 * random amount up to the jitter, drawn when it opens. Observed from the server, which
 * records when the client closed each connection.
 */
class TimeToLiveJitterTests {

	private static final Duration TIME_TO_LIVE = Duration.ofSeconds(2);

	private static final Duration JITTER = Duration.ofSeconds(1);

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final List<ConnectionCloseReason> closeReasons = new CopyOnWriteArrayList<>();

	@Test
	void connectionsOpenedTogetherExpireOverTheJitter() throws Exception {
		try (KeepAliveHttpClient client = client(Duration.ofSeconds(30), JITTER)) {
			long start = System.nanoTime();
			openTogether(client, 40);
			this.server.awaitConnectionsClosedByClient(40, Duration.ofSeconds(6));
			List<Long> closes = this.server.clientCloseNanoTimes();
			assertThat(spread(closes)).as("spread of the expiries of 40 connections opened together")
				.isGreaterThanOrEqualTo(JITTER.multipliedBy(4).dividedBy(10));
			// no connection lives less than its shortest life; how much longer the machine's
			// load decides, so the drawn lives themselves are ConnectionLifePolicyTests'
			assertThat(closes).allSatisfy((closed) -> assertThat(Duration.ofNanos(closed - start))
				.as("life of a connection")
				.isGreaterThanOrEqualTo(TIME_TO_LIVE.minus(JITTER)));
			assertClosedForExpiry(40);
		}
	}

	@Test
	void withoutJitterConnectionsOpenedTogetherExpireTogether() throws Exception {
		try (KeepAliveHttpClient client = client(Duration.ofSeconds(3), Duration.ZERO)) {
			openTogether(client, 40);
			this.server.awaitConnectionsClosedByClient(40, Duration.ofSeconds(8));
			assertThat(spread(this.server.clientCloseNanoTimes())).as("spread of the expiries without jitter")
				.isLessThan(JITTER.dividedBy(5));
			assertClosedForExpiry(40);
		}
	}

	@Test
	void busyConnectionIsClosedWhenReleasedAfterItsLife() throws Exception {
		Map<Integer, List<Long>> requestTimes = new ConcurrentHashMap<>();
		this.server.onRequest((request) -> requestTimes
			.computeIfAbsent(request.connectionId(), (id) -> new CopyOnWriteArrayList<>())
			.add(System.nanoTime()));
		Duration timeToLive = Duration.ofMillis(800);
		try (KeepAliveHttpClient client = client(Duration.ofSeconds(30), Duration.ofMillis(400), timeToLive)) {
			long end = System.nanoTime() + Duration.ofMillis(2500).toNanos();
			while (System.nanoTime() - end < 0) {
				assertThat(get(client, "/busy")).isEqualTo("ok");
				Thread.sleep(10);
			}
		}
		assertThat(requestTimes).as("connections used one after another").hasSizeGreaterThanOrEqualTo(3);
		assertThat(requestTimes.values()).allSatisfy((times) -> assertThat(Duration.ofNanos(times.get(times.size() - 1)
				- times.get(0))).as("time a connection served requests").isLessThan(timeToLive));
		assertThat(this.closeReasons.subList(0, requestTimes.size() - 1)).as("closes before the client closed")
			.containsOnly(ConnectionCloseReason.EXPIRED);
	}

	private KeepAliveHttpClient client(Duration idleTimeout, Duration jitter) {
		return client(idleTimeout, jitter, TIME_TO_LIVE);
	}

	private KeepAliveHttpClient client(Duration idleTimeout, Duration jitter, Duration timeToLive) {
		KeepAliveClientSettings defaults = KeepAliveClientSettings.defaults("jitter");
		KeepAliveSettings keepAlive = new KeepAliveSettings(true, idleTimeout,
				timeToLive, Duration.ofSeconds(1), jitter);
		ClientObserver observer = new ClientObserver() {

			@Override
			public void connectionClosed(ConnectionCloseReason reason, long requests) {
				TimeToLiveJitterTests.this.closeReasons.add(reason);
			}

		};
		return new KeepAliveHttpClientFactory().withObservers(List.of((name) -> observer))
			.create(defaults.withKeepAlive(keepAlive));
	}

	private void openTogether(KeepAliveHttpClient client, int connections) throws Exception {
		// every caller holds its connection until all are in: one connection each, however
		// slowly the callers start
		this.server.holdResponses();
		Thread release = new Thread(() -> {
			this.server.awaitRequests(connections, Duration.ofSeconds(20));
			this.server.releaseResponses();
		});
		release.start();
		List<String> bodies = ConcurrentCallers.results(connections, Duration.ofSeconds(30),
				() -> get(client, "/together"));
		release.join();
		assertThat(bodies).hasSize(connections).containsOnly("ok");
		assertThat(this.server.acceptedConnections()).isEqualTo(connections);
	}

	private String get(KeepAliveHttpClient client, String path) throws Exception {
		return client.getHttpClient()
			.execute(new HttpGet(this.server.url(path)), (response) -> EntityUtils.toString(response.getEntity()));
	}

	private static Duration spread(List<Long> nanoTimes) {
		return Duration.ofNanos(Collections.max(nanoTimes) - Collections.min(nanoTimes));
	}

	// a close is reported before its socket goes: every close the server saw was heard
	private void assertClosedForExpiry(int connections) {
		assertThat(this.closeReasons).hasSize(connections).containsOnly(ConnectionCloseReason.EXPIRED);
	}

}
