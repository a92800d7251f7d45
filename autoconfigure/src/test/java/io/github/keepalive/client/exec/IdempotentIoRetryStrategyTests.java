package io.github.keepalive.client.exec;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;

import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdempotentIoRetryStrategy}.
 */
class IdempotentIoRetryStrategyTests {

	private final IdempotentIoRetryStrategy strategy = new IdempotentIoRetryStrategy(1);

	@Test
	void retriesIdempotentRequestsOnceOnStaleConnection() {
		assertThat(retry("GET", new NoHttpResponseException("failed to respond"), 1)).isTrue();
		assertThat(retry("PUT", new SocketException("Connection reset"), 1)).isTrue();
		assertThat(retry("GET", new NoHttpResponseException("failed to respond"), 2)).isFalse();
	}

	@Test
	void neverRetriesNonIdempotentRequests() {
		assertThat(retry("POST", new NoHttpResponseException("failed to respond"), 1)).isFalse();
		assertThat(retry("PATCH", new SocketException("Connection reset"), 1)).isFalse();
		assertThat(retry("POST", new SocketException("Broken pipe"), 1)).isFalse();
	}

	@Test
	void retriesRequestsWithAnIdempotencyKeyWhateverTheirMethod() {
		ClassicHttpRequest post = new BasicClassicHttpRequest("POST", "/");
		post.addHeader("Idempotency-Key", "8e03978e-40d5-43e8-bc93-6894a57f9324");
		assertThat(retry(post, new NoHttpResponseException("failed to respond"), 1)).isTrue();
		assertThat(retry(post, new NoHttpResponseException("failed to respond"), 2)).isFalse();
		assertThat(retry(post, new SocketTimeoutException("Read timed out"), 1)).isFalse();
	}

	@Test
	void neverRetriesTimeoutsRefusedConnectsOrResponses() {
		assertThat(retry("GET", new SocketTimeoutException("Read timed out"), 1)).isFalse();
		assertThat(retry("GET", new ConnectException("Connection refused"), 1)).isFalse();
		assertThat(this.strategy.retryRequest(new BasicClassicHttpResponse(503), 1, HttpClientContext.create()))
			.isFalse();
		assertThat(this.strategy.retryRequest(new BasicClassicHttpResponse(429), 1, HttpClientContext.create()))
			.isFalse();
	}

	private boolean retry(String method, IOException exception, int execCount) {
		return retry(new BasicClassicHttpRequest(method, "/"), exception, execCount);
	}

	private boolean retry(ClassicHttpRequest request, IOException exception, int execCount) {
		return this.strategy.retryRequest(request, exception, execCount, HttpClientContext.create());
	}

}
