package io.github.keepalive.actuate;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.pool.PoolLimits;
import io.github.keepalive.metrics.KeepAliveMeters;
import io.github.keepalive.test.LoopbackHttpServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.util.StreamUtils;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code POST /actuator/keepalive/{client}} with new limits, against servers that count
 * the connections open at once while they hold every response.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=keepalive",
				"management.endpoint.keepalive.access=unrestricted", "keepalive.pool.max-total=10",
				"keepalive.pool.max-per-route=2", "keepalive.pool.lease-timeout=20s" })
class KeepAliveEndpointResizeWebTests {

	private static final int CALLERS = 6;

	@RegisterExtension
	private static final LoopbackHttpServer server = LoopbackHttpServer.start();

	/** Its route has a {@code max-per-host} entry of 3. */
	@RegisterExtension
	private static final LoopbackHttpServer limitedServer = LoopbackHttpServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient restClient;

	@Autowired
	private KeepAliveClients clients;

	@Autowired
	private MeterRegistry registry;

	@DynamicPropertySource
	static void servers(DynamicPropertyRegistry registry) {
		registry.add("keepalive.base-url", server::baseUrl);
		registry.add("keepalive.pool.max-per-host.[127.0.0.1:" + limitedServer.getPort() + "]", () -> 3);
	}

	@AfterEach
	void restoreLimits() {
		client().pool().resize(10, 2);
	}

	@Test
	void resizeRaisesTheLimitsOfTheLivePoolAtOnceAndKeepsMaxPerHost() throws Exception {
		List<Future<?>> calls = holdCalls(server);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> client().pool().totalStats().leased() == 2 && client().pool().totalStats().pending() == CALLERS - 2);
		assertThat(server.maxOpenConnections()).isEqualTo(2);
		ResponseEntity<String> resized = post("/actuator/keepalive/default", "{\"maxTotal\": 12, \"maxPerRoute\": 5}");
		assertThat(resized.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(resized.getBody()).contains("\"maxTotal\":12", "\"maxPerRoute\":5");
		// the callers that were waiting get the new connections without any other request
		await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == 5);
		assertThat(client().pool().totalStats().pending()).isEqualTo(CALLERS - 5);
		assertThat(server.maxOpenConnections()).isEqualTo(5);
		assertThat(this.registry.get(KeepAliveMeters.POOL_MAX).tag("client", "default").gauge().value())
			.isEqualTo(12);
		assertThat(actuator().get().uri("/actuator/keepalive/default").retrieve().body(String.class))
			.contains("\"maxTotal\":12", "\"maxPerRoute\":5");
		// room for more than the callers ask: the last one gets its connection, no more is leased
		assertThat(post("/actuator/keepalive/default", "{\"maxPerRoute\": 8}").getStatusCode())
			.isEqualTo(HttpStatus.OK);
		await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() == CALLERS);
		assertThat(client().pool().totalStats().leased()).isEqualTo(CALLERS);
		assertThat(client().pool().totalStats().pending()).isZero();
		finish(server, calls);
		// the route with a max-per-host entry keeps its own limit
		List<Future<?>> limitedCalls = holdCalls(limitedServer);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> limitedServer.openConnections() == 3 && client().pool().totalStats().pending() == CALLERS - 3);
		assertThat(limitedServer.maxOpenConnections()).isEqualTo(3);
		assertThat(client().pool().limits().maxPerHost()).containsEntry("127.0.0.1:" + limitedServer.getPort(), 3);
		finish(limitedServer, limitedCalls);
		assertThat(client().pool().totalStats().leased()).isZero();
		assertThat(client().pool().totalStats().pending()).isZero();
	}

	@Test
	void lowerLimitsCloseTheConnectionsOverThemAsTheyComeBackAndTheRestAreReused() throws Exception {
		client().pool().resize(10, 5);
		List<Future<?>> calls = holdCalls(server);
		await().atMost(Duration.ofSeconds(5))
			.until(() -> server.openConnections() == 5 && client().pool().totalStats().pending() == CALLERS - 5);
		double closedForLimit = closedForLimit();
		assertThat(post("/actuator/keepalive/default", "{\"maxPerRoute\": 2}").getStatusCode())
			.isEqualTo(HttpStatus.OK);
		finish(server, calls);
		// at least the three over the new limit closed as they came back; the waiting caller
		// was served within it
		await().atMost(Duration.ofSeconds(5)).until(() -> server.openConnections() <= 2);
		assertThat(closedForLimit() - closedForLimit).isBetween(3.0, 5.0);
		assertThat(client().pool().totalStats().leased() + client().pool().totalStats().available()).isLessThanOrEqualTo(2);
		// within the limit again: what is left is reused, and nothing more closes for the limit
		int accepted = server.acceptedConnections();
		double closedAfterShrink = closedForLimit();
		for (int i = 0; i < 10; i++) {
			this.restClient.get().uri(server.url("/after")).retrieve().toBodilessEntity();
		}
		assertThat(server.acceptedConnections() - accepted).isLessThanOrEqualTo(1);
		assertThat(closedForLimit()).isEqualTo(closedAfterShrink);
		assertThat(server.openConnections()).isBetween(1, 2);
	}

	private double closedForLimit() {
		return this.registry.get(KeepAliveMeters.CONNECTIONS_CLOSED)
			.tag("client", "default")
			.tag("reason", "limit")
			.counter()
			.count();
	}

	@Test
	void invalidLimitsAreRejectedNamingTheFieldAndTheRule() {
		assertRejected("{\"maxPerRoute\": 0}", "maxPerRoute", 0, "Invalid maxPerRoute '0': must be at least 1");
		assertRejected("{\"maxTotal\": 0}", "maxTotal", 0, "Invalid maxTotal '0': must be at least 1");
		assertRejected("{\"maxPerRoute\": 11}", "maxPerRoute", 11,
				"Invalid maxPerRoute '11': must not exceed maxTotal (10)");
		assertRejected("{\"maxTotal\": 1}", "maxTotal", 1, "Invalid maxPerRoute '2': must not exceed maxTotal (1)");
		// a setting the request cannot change is named as its property
		assertRejected("{\"maxTotal\": 2, \"maxPerRoute\": 2}", "maxTotal", 2,
				"Invalid keepalive.pool.max-per-host.[127.0.0.1:" + limitedServer.getPort()
						+ "] '3': must not exceed maxTotal (2)");
		assertThat(client().pool().limits()).isEqualTo(new PoolLimits(10, 2, client().getSettings().pool().maxPerHost()));
	}

	@Test
	void unknownClientIsNotFound() {
		assertThat(post("/actuator/keepalive/nope", "{\"maxTotal\": 20}").getStatusCode())
			.isEqualTo(HttpStatus.NOT_FOUND);
	}

	private void assertRejected(String json, String field, int value, String message) {
		ResponseEntity<String> response = post("/actuator/keepalive/default", json);
		assertThat(response.getStatusCode()).as(json).isEqualTo(HttpStatus.BAD_REQUEST);
		assertThat(response.getBody()).as(json)
			.isEqualTo("{\"field\":\"" + field + "\",\"value\":" + value + ",\"message\":\"" + message + "\"}");
	}

	private List<Future<?>> holdCalls(LoopbackHttpServer target) {
		target.holdResponses();
		target.resetMaxOpenConnections();
		ExecutorService callers = Executors.newFixedThreadPool(CALLERS);
		List<Future<?>> calls = new ArrayList<>();
		for (int i = 0; i < CALLERS; i++) {
			calls.add(callers
				.submit(() -> this.restClient.get().uri(target.url("/held")).retrieve().toBodilessEntity()));
		}
		callers.shutdown();
		return calls;
	}

	private static void finish(LoopbackHttpServer target, List<Future<?>> calls) throws Exception {
		target.releaseResponses();
		for (Future<?> call : calls) {
			call.get(10, TimeUnit.SECONDS);
		}
	}

	private ResponseEntity<String> post(String path, String json) {
		return actuator().post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(json)
			.exchange((request, response) -> new ResponseEntity<>(
					StreamUtils.copyToString(response.getBody(), StandardCharsets.UTF_8),
					response.getStatusCode()));
	}

	private KeepAliveHttpClient client() {
		return this.clients.get("default");
	}

	private RestClient actuator() {
		return RestClient.create("http://127.0.0.1:" + this.port);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
