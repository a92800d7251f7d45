package io.github.keepalive.metrics;

import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.ClientObserver;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.pool.LeaseOutcome;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.test.LoopbackHttpServer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link KeepAliveClientMetrics}: one client's meters registered when it is
 * created, fed by its events directly, and removed when it closes.
 */
class KeepAliveClientMetricsTests {

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	@Test
	void eventMetersAreRegisteredWhenCreatedAndFedDirectly() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		KeepAliveClientMetrics metrics = new KeepAliveClientMetrics(registry);
		ClientObserver observer = metrics.create("orders");
		assertThat(metrics.guarded()).isFalse();
		assertThat(registry.get(KeepAliveMeters.CONNECTIONS_OPENED).tag("client", "orders").counter().count())
			.isZero();
		observer.connectionOpened();
		observer.requestSent();
		observer.requestSent();
		observer.connectionClosed(ConnectionCloseReason.IDLE, 2);
		observer.leaseCompleted(3_000_000, LeaseOutcome.TIMEOUT);
		assertThat(registry.get(KeepAliveMeters.CONNECTIONS_OPENED).tag("client", "orders").counter().count())
			.isOne();
		assertThat(registry.get(KeepAliveMeters.REQUESTS).tag("client", "orders").counter().count()).isEqualTo(2);
		assertThat(registry.get(KeepAliveMeters.CONNECTIONS_CLOSED)
			.tags("client", "orders", "reason", ConnectionCloseReason.IDLE.tagValue())
			.counter()
			.count()).isOne();
		assertThat(registry.get(KeepAliveMeters.CONNECTION_REQUESTS).tag("client", "orders").summary().totalAmount())
			.isEqualTo(2);
		assertThat(registry.get(KeepAliveMeters.POOL_LEASE_WAIT)
			.tags("client", "orders", "outcome", LeaseOutcome.TIMEOUT.tagValue())
			.timer()
			.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(3);
	}

	@Test
	void everyMeterOfAClientIsRemovedWhenItClosesAndTheOthersStay() throws Exception {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		KeepAliveHttpClientFactory factory = new KeepAliveHttpClientFactory()
			.withObservers(List.of(new KeepAliveClientMetrics(registry, 5)));
		try (KeepAliveHttpClient kept = factory.create(KeepAliveClientSettings.defaults("kept"))) {
			KeepAliveHttpClient closed = factory.create(KeepAliveClientSettings.defaults("closed"));
			int status = closed.getHttpClient()
				.execute(new HttpGet(this.server.url("/metered")), (response) -> response.getCode());
			assertThat(status).isEqualTo(200);
			assertThat(registry.get(KeepAliveMeters.POOL_LEASED).tag("client", "closed").gauge().value()).isZero();
			assertThat(registry.get(KeepAliveMeters.ROUTE_LEASED).tag("client", "closed").gauge()).isNotNull();
			assertThat(registry.get(KeepAliveMeters.REQUESTS).tag("client", "closed").counter().count()).isOne();
			closed.close();
			assertThat(registry.getMeters()).isNotEmpty()
				.allSatisfy((meter) -> assertThat(meter.getId().getTag("client")).isEqualTo("kept"));
			assertThat(registry.find(KeepAliveMeters.POOL_LEASED).tag("client", "kept").gauge()).isNotNull();
		}
		assertThat(registry.getMeters()).isEmpty();
	}

	@Test
	void aClientThatFailsToBuildLeavesNoMeterBehind() {
		SimpleMeterRegistry registry = new SimpleMeterRegistry();
		KeepAliveHttpClientFactory factory = new KeepAliveHttpClientFactory()
			.withObservers(List.of(new KeepAliveClientMetrics(registry)))
			.withCustomizers(List.of((settings, builder) -> {
				throw new IllegalStateException("customizer broke");
			}));
		assertThatIllegalStateException().isThrownBy(() -> factory.create(KeepAliveClientSettings.defaults("broken")))
			.withMessage("customizer broke");
		assertThat(registry.getMeters()).isEmpty();
	}

}
