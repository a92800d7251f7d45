package io.github.keepalive.autoconfigure;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.LoopbackHttpServer.Fault;
import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import static io.github.keepalive.test.KeepAliveTestSupport.assertNoLeases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Responses that break off: a truncated body or a server that stops answering gives the
 * caller a clear exception, and the broken connection is never reused.
 */
class BrokenResponseTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start().responseSize(1000);

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner()
		.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());

	@Test
	void truncatedBodyFailsClearlyAndTheConnectionIsNotReused() {
		this.server.inject(Fault.TRUNCATE_BODY, 1);
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			RestClientException failure = catchRestClientException(
					() -> restClient.get().uri("/").retrieve().body(String.class));
			ConnectionClosedException cause = KeepAliveTestSupport.findCause(failure,
					ConnectionClosedException.class);
			assertThat(cause).as("ConnectionClosedException in %s", failure).isNotNull();
			assertThat(cause).hasMessageContaining("Premature end of Content-Length delimited message body")
				.hasMessageContaining("(expected: 1000; received: 500)");
			assertThat(restClient.get().uri("/").retrieve().body(String.class)).hasSize(1000);
			assertThat(this.server.recordedRequests()).extracting(RecordedRequest::connectionId).containsExactly(1, 2);
			assertThat(this.server.requests()).isEqualTo(2);
			assertNoLeases(context);
		});
	}

	@Test
	void truncatedBodyOfAPostIsNotRetried() {
		this.server.inject(Fault.TRUNCATE_BODY, 1);
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			catchRestClientException(
					() -> restClient.post().uri("/orders").body("order-1").retrieve().body(String.class));
			assertThat(this.server.requests("POST")).isOne();
			assertNoLeases(context);
		});
	}

	@Test
	void readTimeoutBeforeTheHeadersFailsClearlyAndTheConnectionIsDiscarded() {
		this.server.stallTime(Duration.ofSeconds(10)).inject(Fault.STALL_BEFORE_HEADERS, 1);
		this.contextRunner.withPropertyValues("keepalive.read-timeout=300ms").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			long start = System.nanoTime();
			ResourceAccessException failure = catchResourceAccess(
					() -> restClient.get().uri("/slow").retrieve().body(String.class));
			long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			// the read timeout ended it, not the 10 s stall: the exception says which
			assertThat(elapsed).isGreaterThanOrEqualTo(250L);
			SocketTimeoutException timeout = KeepAliveTestSupport.findCause(failure, SocketTimeoutException.class);
			assertThat(timeout).as("SocketTimeoutException in %s", failure).isNotNull();
			assertThat(failure).hasMessageContaining("/slow").hasMessageContaining("Read timed out");
			// the client gave up on the connection; a read timeout is not retried
			this.server.awaitConnectionsClosedByClient(1, TIMEOUT);
			assertThat(this.server.requests()).isOne();
			assertThat(restClient.get().uri("/").retrieve().body(String.class)).hasSize(1000);
			assertThat(this.server.recordedRequests()).extracting(RecordedRequest::connectionId).containsExactly(1, 2);
			assertNoLeases(context);
		});
	}

	@Test
	void readTimeoutInTheMiddleOfTheBodyFailsClearlyAndTheConnectionIsDiscarded() {
		this.server.stallTime(Duration.ofSeconds(10)).inject(Fault.STALL_MID_BODY, 1);
		this.contextRunner.withPropertyValues("keepalive.read-timeout=300ms").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			RestClientException failure = catchRestClientException(
					() -> restClient.get().uri("/").retrieve().body(String.class));
			assertThat(KeepAliveTestSupport.findCause(failure, SocketTimeoutException.class))
				.as("SocketTimeoutException in %s", failure)
				.isNotNull();
			this.server.awaitConnectionsClosedByClient(1, TIMEOUT);
			assertThat(restClient.get().uri("/").retrieve().body(String.class)).hasSize(1000);
			assertThat(this.server.recordedRequests()).extracting(RecordedRequest::connectionId).containsExactly(1, 2);
			assertNoLeases(context);
		});
	}

	@Test
	void serverThatNeverAnswersEveryRequestFailsEachWithinTheReadTimeout() {
		this.server.stallTime(Duration.ofSeconds(10)).inject(Fault.STALL_BEFORE_HEADERS);
		this.contextRunner.withPropertyValues("keepalive.read-timeout=200ms", "keepalive.pool.max-per-route=2")
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				for (int i = 0; i < 5; i++) {
					assertThatExceptionOfType(ResourceAccessException.class)
						.isThrownBy(() -> restClient.get().uri("/").retrieve().body(String.class))
						.withMessageContaining("Read timed out");
				}
				this.server.awaitConnectionsClosedByClient(5, TIMEOUT);
				assertThat(this.server.acceptedConnections()).isEqualTo(5);
				assertNoLeases(context);
			});
	}

	private static RestClientException catchRestClientException(Runnable call) {
		try {
			call.run();
		}
		catch (RestClientException ex) {
			return ex;
		}
		throw new AssertionError("Expected a RestClientException");
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
