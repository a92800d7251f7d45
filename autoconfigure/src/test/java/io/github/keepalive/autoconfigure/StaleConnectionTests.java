package io.github.keepalive.autoconfigure;

import java.net.ConnectException;
import java.time.Duration;
import java.util.List;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer.CloseMode;
import io.github.keepalive.test.LoopbackHttpServer.Fault;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static io.github.keepalive.test.KeepAliveTestSupport.assertNoLeases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connections the server closed while they sat in the pool are never used, whatever
 * their idle time: every request goes out on a live connection. Idempotent requests (and
 * those with an {@code Idempotency-Key}) that meet a connection dying in flight are
 * retried; other requests are never sent twice.
 */
class StaleConnectionTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner()
		.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());

	@ParameterizedTest
	@EnumSource(CloseMode.class)
	void getSurvivesIdleConnectionClosedSoonerThanValidateAfterInactivity(CloseMode mode) {
		// closed after 100ms idle and reused at once: too soon for the stale check (1s)
		this.server.closeIdleConnectionsAfter(Duration.ofMillis(100), mode);
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			assertThat(get(restClient)).isEqualTo("ok");
			for (int i = 1; i <= 5; i++) {
				this.server.awaitConnectionsClosedByServer(i, TIMEOUT);
				assertThat(get(restClient)).isEqualTo("ok");
			}
			assertThat(this.server.requests()).isEqualTo(6);
			assertThat(this.server.acceptedConnections()).isEqualTo(6);
			assertNoLeases(context);
		});
	}

	@ParameterizedTest
	@EnumSource(CloseMode.class)
	void getSurvivesSeveralStaleConnectionsInThePool(CloseMode mode) {
		// a server restart or a load balancer's idle sweep closes every pooled connection
		// at once, sooner than validate-after-inactivity: the retry must not pick another
		// of them
		this.server.holdResponses();
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			ConcurrentCallers.Outcome[] opened = new ConcurrentCallers.Outcome[1];
			Thread callers = new Thread(
					() -> opened[0] = ConcurrentCallers.run(4, TIMEOUT, (caller) -> get(restClient)));
			callers.start();
			this.server.awaitRequests(4, TIMEOUT);
			this.server.releaseResponses();
			callers.join(TIMEOUT.toMillis());
			opened[0].assertAllSucceeded();
			assertThat(this.server.acceptedConnections()).isEqualTo(4);
			this.server.closeAllConnections(mode);
			this.server.awaitOpenConnections(0, TIMEOUT);
			assertThat(get(restClient)).isEqualTo("ok");
			assertThat(get(restClient)).isEqualTo("ok");
			assertThat(this.server.requests()).isEqualTo(6);
			assertNoLeases(context);
		});
	}

	@Test
	void afterAResetUnderARequestNoRequestGoesOutOnAConnectionIdleSinceBefore() {
		// behind a load balancer that failed over, every pooled connection is reset when a
		// request arrives on it: the first reset is the sign of a restart, so the retry and
		// the POST after it go out on a new connection, not on the other pooled ones
		this.server.holdResponses();
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			ConcurrentCallers.Outcome[] opened = new ConcurrentCallers.Outcome[1];
			Thread callers = new Thread(
					() -> opened[0] = ConcurrentCallers.run(3, TIMEOUT, (caller) -> get(restClient)));
			callers.start();
			this.server.awaitRequests(3, TIMEOUT);
			this.server.releaseResponses();
			callers.join(TIMEOUT.toMillis());
			opened[0].assertAllSucceeded();
			assertThat(this.server.acceptedConnections()).isEqualTo(3);
			this.server.inject(Fault.RESET_BEFORE_RESPONSE, (request) -> request.connectionId() <= 3);
			assertThat(get(restClient)).isEqualTo("ok");
			assertThat(post(restClient, "order-1")).isEqualTo("ok");
			List<LoopbackHttpServer.RecordedRequest> requests = this.server.recordedRequests();
			assertThat(requests).hasSize(6);
			assertThat(requests.subList(3, 6)).extracting(LoopbackHttpServer.RecordedRequest::connectionId)
				.as("one reset, then the new connection").containsExactly(requests.get(3).connectionId(), 4, 4);
			assertThat(this.server.acceptedConnections()).isEqualTo(4);
			// the other two, idle since before the reset, were renewed: closed unused
			this.server.awaitOpenConnections(1, TIMEOUT);
			assertNoLeases(context);
		});
	}

	@ParameterizedTest
	@EnumSource(CloseMode.class)
	void connectionClosedWhileIdleIsNeverUsedWhateverItsIdleTime(CloseMode mode) {
		// closed after 100ms idle and reused at once, with a long validate-after-inactivity
		// and no retries: the check before writing finds it closed, so a fresh connection
		// carries the request, sent once
		this.server.closeIdleConnectionsAfter(Duration.ofMillis(100), mode);
		this.contextRunner
			.withPropertyValues("keepalive.retry.max-retries=0", "keepalive.keep-alive.validate-after-inactivity=10s")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				assertThat(get(restClient)).isEqualTo("ok");
				for (int i = 1; i <= 4; i++) {
					this.server.awaitConnectionsClosedByServer(i, TIMEOUT);
					assertThat((i % 2 == 0) ? get(restClient) : post(restClient, "order-" + i)).isEqualTo("ok");
				}
				assertThat(this.server.requests("GET")).isEqualTo(3);
				assertThat(this.server.recordedRequests()).filteredOn((request) -> request.method().equals("POST"))
					.extracting(LoopbackHttpServer.RecordedRequest::bodyAsString)
					.containsExactly("order-1", "order-3");
				assertThat(this.server.acceptedConnections()).isEqualTo(5);
				KeepAliveHttpClient client = context.getBean(KeepAliveClients.class).get("default");
				assertThat(client.pool().connections().opened()).isEqualTo(5);
				assertNoLeases(context);
			});
	}

	@ParameterizedTest
	@EnumSource(CloseMode.class)
	void staleCheckAfterInactivityDetectsClosedConnectionSoPostSucceeds(CloseMode mode) {
		this.server.closeIdleConnectionsAfter(Duration.ofMillis(50), mode);
		this.contextRunner
			.withPropertyValues("keepalive.keep-alive.validate-after-inactivity=200ms", "keepalive.retry.max-retries=0")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				assertThat(get(restClient)).isEqualTo("ok");
				for (int i = 1; i <= 3; i++) {
					this.server.awaitConnectionsClosedByServer(i, TIMEOUT);
					// idle longer than validate-after-inactivity: checked before reuse
					Thread.sleep(300);
					assertThat(post(restClient, "order-" + i)).isEqualTo("ok");
				}
				this.server.awaitConnectionsClosedByServer(4, TIMEOUT);
				Thread.sleep(300);
				assertThat(get(restClient)).isEqualTo("ok");
				assertThat(this.server.requests("POST")).isEqualTo(3);
				assertThat(this.server.requests("GET")).isEqualTo(2);
				assertThat(this.server.acceptedConnections()).isEqualTo(5);
				assertNoLeases(context);
			});
	}

	@ParameterizedTest
	@EnumSource(CloseMode.class)
	void announcedKeepAliveTimeoutExpiresTheConnectionBeforeValidateAfterInactivity(CloseMode mode) {
		// the server says timeout=1 and means it; the gap (~1.4s) is well under the 5s
		// validate-after-inactivity, and retries are off: only the keep-alive expiry helps
		this.server.responseHeader("Keep-Alive", "timeout=1").closeIdleConnectionsAfter(Duration.ofSeconds(1), mode);
		this.contextRunner
			.withPropertyValues("keepalive.keep-alive.validate-after-inactivity=5s", "keepalive.retry.max-retries=0")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				assertThat(get(restClient)).isEqualTo("ok");
				// the client's 1s runs from when it released the connection, a little after
				// the server's: leave a margin
				this.server.awaitConnectionsClosedByServer(1, TIMEOUT);
				Thread.sleep(400);
				assertThat(post(restClient, "order-1")).isEqualTo("ok");
				this.server.awaitConnectionsClosedByServer(2, TIMEOUT);
				Thread.sleep(400);
				assertThat(get(restClient)).isEqualTo("ok");
				assertThat(this.server.requests()).isEqualTo(3);
				assertThat(this.server.requests("POST")).isOne();
				assertThat(this.server.acceptedConnections()).isEqualTo(3);
				assertNoLeases(context);
			});
	}

	@Test
	void connectionCloseEveryKRequestsNeverFailsARequest() {
		this.server.connectionCloseEvery(3);
		this.contextRunner.withPropertyValues("keepalive.retry.max-retries=0").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < 15; i++) {
				assertThat(get(restClient)).isEqualTo("ok");
				assertThat(post(restClient, "order-" + i)).isEqualTo("ok");
			}
			assertThat(this.server.requests("GET")).isEqualTo(15);
			assertThat(this.server.requests("POST")).isEqualTo(15);
			assertThat(this.server.acceptedConnections()).isEqualTo(10);
			assertThat(this.server.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::sequence)
				.allMatch((sequence) -> sequence <= 3);
			assertNoLeases(context);
		});
	}

	@Test
	void getSurvivesServerClosingRightAfterAResponseThatAnnouncedKeepAlive() {
		this.server.responseHeader("Keep-Alive", "timeout=5").inject(Fault.CLOSE_AFTER_RESPONSE);
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 1; i <= 10; i++) {
				assertThat(get(restClient)).isEqualTo("ok");
			}
			assertThat(this.server.requests()).isEqualTo(10);
			assertThat(this.server.acceptedConnections()).isEqualTo(10);
			assertNoLeases(context);
		});
	}

	@Test
	void postOnAConnectionClosedRightAfterItsLastResponseGoesOutOnceOnAFreshConnection() {
		this.server.responseHeader("Keep-Alive", "timeout=5").inject(Fault.CLOSE_AFTER_RESPONSE);
		this.contextRunner.withPropertyValues("keepalive.retry.max-retries=0").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 1; i <= 4; i++) {
				assertThat(get(restClient)).isEqualTo("ok");
				// the pooled connection was used 0ms ago and looks alive, but is closed
				this.server.awaitConnectionsClosedByServer(2 * i - 1, TIMEOUT);
				assertThat(post(restClient, "order-" + i)).isEqualTo("ok");
				this.server.awaitConnectionsClosedByServer(2 * i, TIMEOUT);
			}
			assertThat(this.server.recordedRequests()).filteredOn((request) -> request.method().equals("POST"))
				.extracting(LoopbackHttpServer.RecordedRequest::bodyAsString)
				.containsExactly("order-1", "order-2", "order-3", "order-4");
			assertThat(this.server.acceptedConnections()).isEqualTo(8);
			assertNoLeases(context);
		});
	}

	@Test
	void postThatReachedTheServerIsNotRetriedWhenTheConnectionIsReset() {
		this.server.inject(Fault.RESET_BEFORE_RESPONSE, (request) -> "POST".equals(request.method()));
		this.contextRunner.withPropertyValues("keepalive.retry.max-retries=3").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 1; i <= 3; i++) {
				String id = "order-" + i;
				assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> post(restClient, id));
			}
			assertThat(this.server.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::bodyAsString)
				.containsExactly("order-1", "order-2", "order-3");
			assertNoLeases(context);
		});
	}

	@Test
	void postWithAnIdempotencyKeyIsRetriedOnceWhenTheConnectionIsReset() {
		this.server.inject(Fault.RESET_BEFORE_RESPONSE, 1);
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			String response = restClient.post()
				.uri("/orders")
				.header("Idempotency-Key", "order-1-key")
				.body("order-1")
				.retrieve()
				.body(String.class);
			assertThat(response).isEqualTo("ok");
			assertThat(this.server.recordedRequests()).hasSize(2).allSatisfy((request) -> {
				assertThat(request.method()).isEqualTo("POST");
				assertThat(request.header("Idempotency-Key")).isEqualTo("order-1-key");
				assertThat(request.bodyAsString()).isEqualTo("order-1");
			});
			assertThat(this.server.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::connectionId)
				.containsExactly(1, 2);
			assertNoLeases(context);
		});
	}

	@Test
	void getThatReachedTheServerIsRetriedOnceWhenTheConnectionIsReset() {
		this.server.inject(Fault.RESET_BEFORE_RESPONSE, 1);
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			assertThat(get(restClient)).isEqualTo("ok");
			assertThat(this.server.requests("GET")).isEqualTo(2);
			assertThat(this.server.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::connectionId)
				.containsExactly(1, 2);
			assertNoLeases(context);
		});
	}

	@Test
	void poolRecoversFromAServerRestartOnTheSamePort() {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			assertThat(get(restClient)).isEqualTo("ok");
			this.server.restart();
			// the pooled connection died with the old server: the first GET after succeeds
			assertThat(get(restClient)).isEqualTo("ok");
			assertThat(get(restClient)).isEqualTo("ok");
			assertThat(this.server.requests()).isEqualTo(3);
			assertThat(this.server.acceptedConnections()).isEqualTo(2);
			assertNoLeases(context);
		});
	}

	@Test
	void refusedConnectionFailsClearlyAndThePoolRecoversWhenTheServerIsBack() {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			assertThat(get(restClient)).isEqualTo("ok");
			this.server.stopAccepting();
			this.server.closeAllConnections(CloseMode.FIN);
			this.server.awaitOpenConnections(0, TIMEOUT);
			ResourceAccessException failure = catchResourceAccess(() -> get(restClient));
			assertThat(KeepAliveTestSupport.findCause(failure, ConnectException.class)).as("cause of %s", failure)
				.isNotNull();
			assertThat(failure).hasMessageContaining("127.0.0.1:" + this.server.getPort());
			assertNoLeases(context);
			this.server.resumeAccepting();
			assertThat(get(restClient)).isEqualTo("ok");
			assertThat(this.server.requests()).isEqualTo(2);
			assertNoLeases(context);
		});
	}

	private static String get(RestClient restClient) {
		return restClient.get().uri("/resource").retrieve().body(String.class);
	}

	private static String post(RestClient restClient, String id) {
		return restClient.post().uri("/orders").body(id).retrieve().body(String.class);
	}

	private static ResourceAccessException catchResourceAccess(Runnable call) {
		try {
			call.run();
		}
		catch (ResourceAccessException ex) {
			return ex;
		}
		throw new AssertionError("Expected a ResourceAccessException");
	}

}
