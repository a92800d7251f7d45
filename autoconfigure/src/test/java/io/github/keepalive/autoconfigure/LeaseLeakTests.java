package io.github.keepalive.autoconfigure;

import java.io.InputStream;
import java.time.Duration;
import java.util.Map;

import io.github.keepalive.client.pool.PoolExhaustedException;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatusCode;
import org.springframework.web.client.HttpServerErrorException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientException;

import static io.github.keepalive.test.KeepAliveTestSupport.assertNoLeases;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Responses are always released, whatever the caller does with them. Each test runs many
 * more calls than the pool (two connections, short lease timeout) has connections, so a
 * single leaked lease per call would exhaust it with a {@link PoolExhaustedException}.
 */
class LeaseLeakTests {

	private static final int CALLS = 30;

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start().responseSize(64 * 1024);

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner()
		.withPropertyValues("keepalive.base-url=" + this.server.baseUrl(), "keepalive.pool.max-per-route=2",
				"keepalive.pool.lease-timeout=500ms");

	@Test
	void callerThrowingWhileReadingTheBodyLeaksNoLease() {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < CALLS; i++) {
				assertThatIllegalStateException()
					.isThrownBy(() -> restClient.get().uri("/").exchange((request, response) -> {
						response.getBody().readNBytes(100);
						throw new IllegalStateException("caller bug");
					}))
					.withMessage("caller bug");
			}
			assertNoLeases(context);
			assertReusable(restClient);
		});
	}

	@Test
	void exchangeWithoutReadingTheBodyLeaksNoLease() {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < CALLS; i++) {
				Integer status = restClient.get()
					.uri("/")
					.exchange((request, response) -> response.getStatusCode().value());
				assertThat(status).isEqualTo(200);
			}
			assertNoLeases(context);
			assertReusable(restClient);
		});
	}

	@Test
	void streamedBodyClosedByTheCallerLeaksNoLease() {
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < CALLS; i++) {
				try (InputStream body = restClient.get().uri("/").retrieve().body(InputStream.class)) {
					assertThat(body.readNBytes(10)).hasSize(10);
				}
			}
			assertNoLeases(context);
		});
	}

	@Test
	void errorStatusLeaksNoLease() {
		this.server.status(500);
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < CALLS; i++) {
				assertThatExceptionOfType(HttpServerErrorException.class)
					.isThrownBy(() -> restClient.get().uri("/").retrieve().body(String.class));
			}
			assertNoLeases(context);
			assertThat(this.server.requests()).isEqualTo(CALLS);
		});
	}

	@Test
	void statusHandlerThrowingWithoutReadingTheBodyLeaksNoLease() {
		this.server.status(503);
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < CALLS; i++) {
				assertThatIllegalStateException().isThrownBy(() -> restClient.get()
					.uri("/")
					.retrieve()
					.onStatus(HttpStatusCode::isError, (request, response) -> {
						throw new IllegalStateException("unavailable");
					})
					.body(String.class));
			}
			assertNoLeases(context);
		});
	}

	@Test
	void unreadableBodyLeaksNoLease() {
		this.server.contentType("application/json").responseBody("{\"broken\": ");
		this.contextRunner.run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			for (int i = 0; i < CALLS; i++) {
				assertThatExceptionOfType(RestClientException.class)
					.isThrownBy(() -> restClient.get().uri("/").retrieve().body(Map.class));
			}
			assertNoLeases(context);
		});
	}

	@Test
	void concurrentCallersMisbehavingInEveryWayLeakNoLease() {
		// eight callers share two connections: a longer lease timeout so that a busy
		// machine does not starve one; a leak still exhausts the pool and shows below
		this.contextRunner.withPropertyValues("keepalive.pool.lease-timeout=5s").run((context) -> {
			RestClient restClient = context.getBean(RestClient.class);
			ConcurrentCallers.run(8, Duration.ofSeconds(30), (caller) -> {
				for (int i = 0; i < 10; i++) {
					switch ((caller + i) % 3) {
						case 0 -> assertThatIllegalStateException()
							.isThrownBy(() -> restClient.get().uri("/").exchange((request, response) -> {
								response.getBody().read();
								throw new IllegalStateException("caller bug");
							}));
						case 1 -> restClient.get().uri("/").exchange((request, response) -> response.getStatusCode());
						default -> assertThat(restClient.get().uri("/").retrieve().body(String.class))
							.hasSize(64 * 1024);
					}
				}
			}).assertAllSucceeded();
			assertNoLeases(context);
			assertThat(this.server.requests()).isEqualTo(80);
			assertThat(this.server.acceptedConnections()).isLessThanOrEqualTo(2);
		});
	}

	private void assertReusable(RestClient restClient) {
		int accepted = this.server.acceptedConnections();
		assertThat(restClient.get().uri("/").retrieve().body(String.class)).hasSize(64 * 1024);
		assertThat(this.server.acceptedConnections()).isEqualTo(accepted);
		assertThat(accepted).isLessThanOrEqualTo(2);
	}

}
