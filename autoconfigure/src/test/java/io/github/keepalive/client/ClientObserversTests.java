package io.github.keepalive.client;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.pool.LeaseOutcome;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * How a client's observers are made one: directly when the starter's meters observe it
 * alone, through one guarded proxy otherwise; and an application's observer that throws,
 * called inside HttpClient's pool operations, breaks no lease, release or close, and is
 * logged once per event.
 */
@ExtendWith(OutputCaptureExtension.class)
class ClientObserversTests {

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	@Test
	void noObserverIsNone() {
		assertThat(ClientObservers.create("c", List.of())).isSameAs(ClientObserver.NONE);
		assertThat(ClientObservers.create("c", List.of((name) -> ClientObserver.NONE)))
			.isSameAs(ClientObserver.NONE);
	}

	@Test
	void aSingleUnguardedObserverIsCalledDirectly() {
		Recording recording = new Recording();
		ClientObserver observer = ClientObservers.create("c", List.of(unguarded(recording)));
		assertThat(observer).isSameAs(recording);
	}

	@Test
	void everyObserverHearsEveryEventInOrder() {
		List<String> heard = new ArrayList<>();
		ClientObserver first = new ClientObserver() {
			@Override
			public void connectionClosed(ConnectionCloseReason reason, long requests) {
				heard.add("first " + reason + " " + requests);
			}
		};
		ClientObserver second = new ClientObserver() {
			@Override
			public void connectionClosed(ConnectionCloseReason reason, long requests) {
				heard.add("second " + reason + " " + requests);
			}
		};
		ClientObserver observer = ClientObservers.create("c", List.of((name) -> first, unguarded(second)));
		observer.connectionClosed(ConnectionCloseReason.IDLE, 7);
		observer.requestSent();
		assertThat(heard).containsExactly("first IDLE 7", "second IDLE 7");
		assertThat(observer).hasToString("ClientObservers of 'c'").isEqualTo(observer).isNotEqualTo(first);
	}

	@Test
	void aGuardedObserverThatThrowsIsSkippedAndTheNextStillHears(CapturedOutput output) {
		Recording recording = new Recording();
		ClientObserver throwing = new ClientObserver() {
			@Override
			public void requestSent() {
				throw new IllegalStateException("observer broke");
			}
		};
		ClientObserver observer = ClientObservers.create("orders", List.of((name) -> throwing, unguarded(recording)));
		observer.requestSent();
		observer.requestSent();
		assertThat(recording.requests).isEqualTo(2);
		assertThat(occurrences(output.getAll(), "of keep-alive client 'orders' failed in requestSent")).isOne();
	}

	@Test
	void anUnguardedObserverThatThrowsIsNotHidden() {
		ClientObserver throwing = new ClientObserver() {
			@Override
			public void requestSent() {
				throw new IllegalStateException("observer broke");
			}
		};
		ClientObserver observer = ClientObservers.create("c",
				List.of(unguarded(throwing), (name) -> new Recording()));
		assertThatIllegalStateException().isThrownBy(observer::requestSent).withMessage("observer broke");
	}

	@Test
	void aThrowingObserverLeaksNoConnectionAndIsLoggedOncePerEvent(CapturedOutput output) throws Exception {
		ClientObserver throwing = new ClientObserver() {

			@Override
			public void leaseCompleted(long waitedNanos, LeaseOutcome outcome) {
				throw new IllegalStateException("lease observer broke");
			}

			@Override
			public void routeAdded(HttpRoute route) {
				throw new IllegalStateException("route observer broke");
			}

			@Override
			public void requestSent() {
				throw new IllegalStateException("request observer broke");
			}

		};
		KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("default")
			.withPool(PoolSettings.DEFAULTS.withLimits(2, 2));
		try (KeepAliveHttpClient client = new KeepAliveHttpClientFactory().withObservers(List.of((name) -> throwing))
			.create(settings)) {
			for (int i = 0; i < 5; i++) {
				int status = client.getHttpClient()
					.execute(new HttpGet(this.server.url("/observer")), (response) -> response.getCode());
				assertThat(status).isEqualTo(200);
			}
			assertThat(client.pool().totalStats().leased()).isZero();
			assertThat(client.pool().totalStats().available()).isEqualTo(1);
			assertThat(client.pool().connections().opened()).isOne();
		}
		assertThat(this.server.requests()).isEqualTo(5);
		assertThat(this.server.acceptedConnections()).as("one connection, reused").isEqualTo(1);
		String logged = output.getAll();
		assertThat(occurrences(logged, "failed in leaseCompleted")).isEqualTo(1);
		assertThat(occurrences(logged, "failed in routeAdded")).isEqualTo(1);
		assertThat(occurrences(logged, "failed in requestSent")).isEqualTo(1);
	}

	@Test
	void anObserverHearsTheClientCreatedAndClosedOnce() {
		List<String> heard = new ArrayList<>();
		ClientObserver observer = new ClientObserver() {

			@Override
			public void clientCreated(KeepAliveHttpClient client) {
				heard.add("created " + client.getName());
			}

			@Override
			public void clientClosed() {
				heard.add("closed");
			}

		};
		KeepAliveHttpClient client = new KeepAliveHttpClientFactory().withObservers(List.of(unguarded(observer)))
			.create(KeepAliveClientSettings.defaults("billing"));
		client.close();
		client.close();
		assertThat(heard).containsExactly("created billing", "closed");
	}

	private static ClientObserverFactory unguarded(ClientObserver observer) {
		return new ClientObserverFactory() {

			@Override
			public ClientObserver create(String clientName) {
				return observer;
			}

			@Override
			public boolean guarded() {
				return false;
			}

		};
	}

	private static int occurrences(String text, String part) {
		return text.split(Pattern.quote(part), -1).length - 1;
	}

	private static final class Recording implements ClientObserver {

		private int requests;

		@Override
		public void requestSent() {
			this.requests++;
		}

	}

}
