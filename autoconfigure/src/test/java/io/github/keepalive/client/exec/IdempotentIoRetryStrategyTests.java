package io.github.keepalive.client.exec;

import io.github.keepalive.client.connection.StaleRoutes;

import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.function.Resolver;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link IdempotentIoRetryStrategy} and the {@link StaleRoutes} it marks.
 */
class IdempotentIoRetryStrategyTests {

	private static final HttpRoute ROUTE = new HttpRoute(new HttpHost("http", "api.example.com", 80));

	private static final HttpRoute OTHER_ROUTE = new HttpRoute(new HttpHost("http", "other.example.com", 80));

	private final StaleRoutes staleRoutes = new StaleRoutes(Duration.ofSeconds(30));

	private final IdempotentIoRetryStrategy strategy = new IdempotentIoRetryStrategy(1, this.staleRoutes);

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
	}

	@Test
	void neverRetriesTimeoutsOrResponses() {
		assertThat(retry("GET", new SocketTimeoutException("Read timed out"), 1)).isFalse();
		assertThat(this.strategy.retryRequest(new BasicClassicHttpResponse(503), 1, HttpClientContext.create()))
			.isFalse();
		assertThat(this.strategy.retryRequest(new BasicClassicHttpResponse(429), 1, HttpClientContext.create()))
			.isFalse();
	}

	@Test
	void staleConnectionMarksItsRouteAlsoWhenTheRequestIsNotRetried() {
		retry("POST", new NoHttpResponseException("failed to respond"), 1);
		assertThat(this.staleRoutes.isSuspect(ROUTE)).isTrue();
		assertThat(this.staleRoutes.isSuspect(OTHER_ROUTE)).isFalse();
	}

	@Test
	void otherIoErrorsDoNotMarkTheRoute() {
		retry("GET", new SocketTimeoutException("Read timed out"), 1);
		retry("GET", new ConnectException("Connection refused"), 1);
		retry("GET", new IOException("other"), 1);
		assertThat(this.staleRoutes.isSuspect(ROUTE)).isFalse();
	}

	@Test
	void suspectRouteValidatesEveryConnectionUntilTheWindowEnds() throws InterruptedException {
		StaleRoutes shortWindow = new StaleRoutes(Duration.ofMillis(100));
		ConnectionConfig config = ConnectionConfig.custom()
			.setValidateAfterInactivity(TimeValue.ofSeconds(1))
			.setTimeToLive(TimeValue.ofMinutes(5))
			.build();
		Resolver<HttpRoute, ConnectionConfig> resolver = shortWindow.connectionConfigResolver(config);
		assertThat(resolver.resolve(ROUTE)).isSameAs(config);
		shortWindow.markStale(ROUTE);
		ConnectionConfig suspect = resolver.resolve(ROUTE);
		assertThat(suspect.getValidateAfterInactivity().toMilliseconds()).isZero();
		assertThat(suspect.getTimeToLive()).isEqualTo(config.getTimeToLive());
		assertThat(resolver.resolve(OTHER_ROUTE)).isSameAs(config);
		Thread.sleep(150);
		assertThat(resolver.resolve(ROUTE)).isSameAs(config);
	}

	private boolean retry(String method, IOException exception, int execCount) {
		HttpClientContext context = HttpClientContext.create();
		context.setRoute(ROUTE);
		return this.strategy.retryRequest(new BasicClassicHttpRequest(method, "/"), exception, execCount, context);
	}

}
