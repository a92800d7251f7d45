package io.github.keepalive.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.keepalive.client.KeepAliveClientSettings;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests for {@link KeepAliveHealthIndicator} against a saturated loopback pool.
 */
class KeepAliveHealthIndicatorTests {

	private Instant now = Instant.parse("2026-11-24T12:00:00Z");

	private final Clock clock = new Clock() {

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(java.time.ZoneId zone) {
			return this;
		}

		@Override
		public Instant instant() {
			return KeepAliveHealthIndicatorTests.this.now;
		}

	};

	@Test
	void saturatedPoolIsReportedInDetailsButStaysUpByDefault() throws Exception {
		assertSaturation(Status.UP);
	}

	@Test
	void saturatedPoolCanBeReportedOutOfService() throws Exception {
		assertSaturation(Status.OUT_OF_SERVICE);
	}

	@SuppressWarnings("unchecked")
	private void assertSaturation(Status saturatedStatus) throws Exception {
		KeepAliveClientSettings defaults = KeepAliveClientSettings.defaults("default");
		KeepAliveClientSettings settings = new KeepAliveClientSettings("default", null, Map.of(),
				new KeepAliveClientSettings.Pool(1, 1, Map.of(), Duration.ofSeconds(20),
						defaults.pool().concurrencyPolicy(), defaults.pool().reusePolicy()),
				defaults.keepAlive(), 1, null, defaults.http());
		ExecutorService callers = Executors.newFixedThreadPool(2);
		try (LoopbackHttpServer server = LoopbackHttpServer.start().holdResponses();
				KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(), List.of(settings))) {
			KeepAliveHealthIndicator indicator = new KeepAliveHealthIndicator(clients, Duration.ofSeconds(10),
					saturatedStatus, (client) -> null, this.clock);
			assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
			RestClient client = RestClient.builder()
				.requestFactory(clients.get("default").createRequestFactory())
				.baseUrl(server.baseUrl())
				.build();
			for (int i = 0; i < 2; i++) {
				callers.submit(() -> client.get().uri("/slow").retrieve().toBodilessEntity());
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> clients.get("default").getConnectionManager().getTotalStats().getPending() == 1);
			Health waiting = indicator.health(true);
			assertThat(waiting.getStatus()).isEqualTo(Status.UP);
			assertThat(details(waiting)).containsEntry("pending", 1)
				.containsEntry("leased", 1)
				.containsEntry("saturated", false);
			this.now = this.now.plusSeconds(11);
			Health saturated = indicator.health(true);
			assertThat(saturated.getStatus()).isEqualTo(saturatedStatus);
			assertThat(details(saturated)).containsEntry("saturated", true).containsEntry("max", 1);
			server.releaseResponses();
			await().atMost(Duration.ofSeconds(5))
				.until(() -> clients.get("default").getConnectionManager().getTotalStats().getPending() == 0);
			assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
		}
		finally {
			callers.shutdownNow();
		}
	}

	@SuppressWarnings("unchecked")
	private static Map<String, Object> details(Health health) {
		Map<String, Object> clients = (Map<String, Object>) health.getDetails().get("clients");
		return (Map<String, Object>) clients.get("default");
	}

}
