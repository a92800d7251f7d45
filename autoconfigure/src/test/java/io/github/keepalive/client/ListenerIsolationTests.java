package io.github.keepalive.client;

import java.time.Duration;

import io.github.keepalive.client.pool.LeaseOutcome;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application's {@link KeepAliveClientListener} that throws, called inside HttpClient's
 * pool operations, breaks no lease, release or close, and is logged once per kind of event.
 */
@ExtendWith(OutputCaptureExtension.class)
class ListenerIsolationTests {

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	@Test
	void aThrowingListenerLeaksNoConnectionAndIsLoggedOncePerEvent(CapturedOutput output) throws Exception {
		KeepAliveClientListener throwing = new KeepAliveClientListener() {

			@Override
			public void leaseCompleted(String clientName, Duration waited, LeaseOutcome outcome) {
				throw new IllegalStateException("lease listener broke");
			}

			@Override
			public void routeAdded(String clientName, HttpRoute route) {
				throw new IllegalStateException("route listener broke");
			}

			@Override
			public void requestSent(String clientName) {
				throw new IllegalStateException("request listener broke");
			}

		};
		KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("default")
			.withPool(KeepAliveClientSettings.Pool.DEFAULTS.withLimits(2, 2));
		try (KeepAliveHttpClient client = new KeepAliveHttpClientFactory().withListener(throwing).create(settings)) {
			for (int i = 0; i < 5; i++) {
				int status = client.getHttpClient()
					.execute(new HttpGet(this.server.url("/listener")), (response) -> response.getCode());
				assertThat(status).isEqualTo(200);
			}
			assertThat(client.totalStats().leased()).isZero();
			assertThat(client.totalStats().available()).isEqualTo(1);
		}
		assertThat(this.server.requests()).isEqualTo(5);
		assertThat(this.server.acceptedConnections()).as("one connection, reused").isEqualTo(1);
		String logged = output.getAll();
		assertThat(occurrences(logged, "failed in leaseCompleted")).isEqualTo(1);
		assertThat(occurrences(logged, "failed in routeAdded")).isEqualTo(1);
		assertThat(occurrences(logged, "failed in requestSent")).isEqualTo(1);
	}

	private static int occurrences(String text, String part) {
		return text.split(java.util.regex.Pattern.quote(part), -1).length - 1;
	}

}
