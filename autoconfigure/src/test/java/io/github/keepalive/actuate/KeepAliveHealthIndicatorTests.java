package io.github.keepalive.actuate;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
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

	private static final Duration SATURATION_PERIOD = Duration.ofMillis(1500);

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
		KeepAliveClientSettings settings = defaults
			.withPool(defaults.pool().withLimits(1, 1).withLeaseTimeout(Duration.ofSeconds(20)));
		ExecutorService callers = Executors.newFixedThreadPool(2);
		try (LoopbackHttpServer server = LoopbackHttpServer.start().holdResponses();
				KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(), List.of(settings))) {
			KeepAliveHealthIndicator indicator = new KeepAliveHealthIndicator(clients, SATURATION_PERIOD,
					saturatedStatus);
			assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
			RestClient client = RestClient.builder()
				.requestFactory(clients.get("default").createRequestFactory())
				.baseUrl(server.baseUrl())
				.build();
			for (int i = 0; i < 2; i++) {
				callers.submit(() -> client.get().uri("/slow").retrieve().toBodilessEntity());
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> clients.get("default").pool().totalStats().pending() == 1);
			Health waiting = indicator.health(true);
			assertThat(waiting.getStatus()).isEqualTo(Status.UP);
			assertThat(details(waiting)).containsEntry("pending", 1)
				.containsEntry("leased", 1)
				.containsEntry("saturated", false);
			await().atMost(Duration.ofSeconds(5))
				.until(() -> clients.get("default").pool().stats().oldestWait().compareTo(SATURATION_PERIOD) > 0);
			Health saturated = indicator.health(true);
			assertThat(saturated.getStatus()).isEqualTo(saturatedStatus);
			assertThat(details(saturated)).containsEntry("saturated", true).containsEntry("max", 1);
			server.releaseResponses();
			// HttpClient's pool stops counting the caller as pending before the caller's
			// thread has left its wait: both show it has stopped waiting
			await().atMost(Duration.ofSeconds(5))
				.until(() -> clients.get("default").pool().totalStats().pending() == 0
						&& clients.get("default").pool().stats().oldestWait() == null);
			assertThat(indicator.health(true).getStatus()).isEqualTo(Status.UP);
		}
		finally {
			callers.shutdownNow();
		}
	}

	@Test
	void saturationCountsFromWhenTheOldestCallerStartedToWaitNotFromTheFirstPoll() throws Exception {
		KeepAliveClientSettings defaults = KeepAliveClientSettings.defaults("default");
		KeepAliveClientSettings settings = defaults
			.withPool(defaults.pool().withLimits(1, 1).withLeaseTimeout(Duration.ofSeconds(20)));
		ExecutorService callers = Executors.newFixedThreadPool(3);
		try (LoopbackHttpServer server = LoopbackHttpServer.start().holdResponses();
				KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(), List.of(settings))) {
			RestClient client = RestClient.builder()
				.requestFactory(clients.get("default").createRequestFactory())
				.baseUrl(server.baseUrl())
				.build();
			for (int i = 0; i < 3; i++) {
				callers.submit(() -> client.get().uri("/slow").retrieve().toBodilessEntity());
			}
			await().atMost(Duration.ofSeconds(5))
				.until(() -> clients.get("default").pool().totalStats().pending() == 2);
			Thread.sleep(SATURATION_PERIOD.toMillis() + 200);
			// the indicator is created, and polled, only now: two callers have waited longer
			// than the period already
			Health first = new KeepAliveHealthIndicator(clients, SATURATION_PERIOD, Status.OUT_OF_SERVICE)
				.health(true);
			assertThat(first.getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
			assertThat(details(first)).containsEntry("saturated", true).containsEntry("pending", 2);
			server.releaseResponses();
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
