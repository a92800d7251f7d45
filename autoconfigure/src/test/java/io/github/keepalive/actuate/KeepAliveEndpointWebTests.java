package io.github.keepalive.actuate;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;

import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code /actuator/keepalive}, {@code /actuator/health/keepalive} and
 * {@code /actuator/prometheus} over real HTTP calls.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=*",
				"management.endpoint.keepalive.access=unrestricted", "management.endpoint.health.show-details=always",
				"keepalive.default-headers.Authorization=Bearer top-secret-token",
				"keepalive.default-headers.X-Team=checkout", "keepalive.clients.partner.proxy.host=127.0.0.1",
				"keepalive.clients.partner.proxy.port=3128", "keepalive.clients.partner.proxy.username=proxyuser",
				"keepalive.clients.partner.proxy.password=proxy-secret-pass",
				"keepalive.clients.partner.base-url=http://apiuser:url-secret-pass@partner.example:8080/v1" })
class KeepAliveEndpointWebTests {

	@RegisterExtension
	private static final LoopbackHttpServer server = LoopbackHttpServer.start();

	@RegisterExtension
	private static final LoopbackHttpServer adaptiveServer = LoopbackHttpServer.start();

	@LocalServerPort
	private int port;

	@Autowired
	private RestClient restClient;

	@Autowired
	@Qualifier("adaptive")
	private RestClient adaptiveRestClient;

	@Autowired
	@Qualifier("down")
	private RestClient down;

	@DynamicPropertySource
	static void baseUrl(DynamicPropertyRegistry registry) throws IOException {
		registry.add("keepalive.base-url", server::baseUrl);
		registry.add("keepalive.clients.adaptive.base-url", adaptiveServer::baseUrl);
		registry.add("keepalive.clients.adaptive.pool.adaptive.enabled", () -> "true");
		registry.add("keepalive.clients.adaptive.pool.adaptive.min-per-route", () -> "3");
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		registry.add("keepalive.clients.down.base-url", () -> "http://127.0.0.1:" + closedPort);
	}

	@Test
	void endpointShowsEveryClientWithLiveStatsAndNoSecrets() {
		for (int i = 0; i < 5; i++) {
			this.restClient.get().uri("/ping").retrieve().toBodilessEntity();
		}
		String json = actuator().get().uri("/actuator/keepalive").retrieve().body(String.class);
		assertThat(json).contains("\"default\"", "\"partner\"", "\"maxTotal\":200", "\"maxPerRoute\":50",
				"\"connections\":{\"opened\":",
				"\"available\":1", "\"route\":\"" + server.baseUrl().replace("127.0.0.1", "127.0.0.1") + "\"",
				"\"X-Team\":[\"checkout\"]", "******", "proxyuser", "partner.example", "\"leaks\":[]",
				"\"advice\":[]", "\"limit\":50");
		assertThat(json).doesNotContain("top-secret-token", "proxy-secret-pass", "url-secret-pass", "apiuser");
		assertThat(server.requests("GET")).isEqualTo(5);
		assertThat(server.acceptedConnections()).isEqualTo(1);
	}

	@Test
	void adaptiveClientShowsTheLimitOfEachRoute() {
		this.adaptiveRestClient.get().uri("/ping").retrieve().toBodilessEntity();
		String json = actuator().get().uri("/actuator/keepalive/adaptive").retrieve().body(String.class);
		assertThat(json).contains("\"adaptive\":{\"enabled\":true,\"minPerRoute\":3}",
				"\"route\":\"" + adaptiveServer.baseUrl() + "\"", "\"max\":3", "\"limit\":3");
	}

	@Test
	void endpointShowsFailedConnectionsByReason() {
		for (int i = 0; i < 2; i++) {
			assertThatExceptionOfType(ResourceAccessException.class)
				.isThrownBy(() -> this.down.get().uri("/ping").retrieve().toBodilessEntity());
		}
		String json = actuator().get().uri("/actuator/keepalive/down").retrieve().body(String.class);
		assertThat(json).contains("\"connections\":{\"opened\":0,"
				+ "\"failed\":{\"refused\":2,\"timeout\":0,\"tls\":0,\"dns\":0,\"proxy\":0}}");
		String scrape = actuator().get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(scrape).contains("keepalive_connections_failed_total{client=\"down\",reason=\"refused\"} 2.0",
				"keepalive_connections_opened_total{client=\"down\"} 0.0");
	}

	@Test
	void selectorShowsOneClientAndUnknownClientIsNotFound() {
		String json = actuator().get().uri("/actuator/keepalive/partner").retrieve().body(String.class);
		assertThat(json).contains("\"proxy\"", "\"nonProxyHosts\"").doesNotContain("\"default\"");
		assertThatExceptionOfType(HttpClientErrorException.NotFound.class)
			.isThrownBy(() -> actuator().get().uri("/actuator/keepalive/nope").retrieve().toBodilessEntity());
	}

	@Test
	void writeOperationClosesIdleConnections() {
		this.restClient.get().uri("/ping").retrieve().toBodilessEntity();
		int closedBefore = server.connectionsClosedByClient();
		ResponseEntity<String> response = actuator().post()
			.uri("/actuator/keepalive/default")
			.retrieve()
			.toEntity(String.class);
		assertThat(response.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(response.getBody()).contains("\"available\":0");
		server.awaitConnectionsClosedByClient(closedBefore + 1, java.time.Duration.ofSeconds(5));
	}

	@Test
	void healthReportsEachPool() {
		String json = actuator().get().uri("/actuator/health/keepalive").retrieve().body(String.class);
		assertThat(json).contains("\"status\":\"UP\"", "\"default\"", "\"partner\"", "\"leased\":0", "\"max\":200",
				"\"saturated\":false", "\"advice\":[]");
	}

	@Test
	void prometheusScrapeContainsClientNames() {
		this.restClient.get().uri("/ping").retrieve().toBodilessEntity();
		String scrape = actuator().get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(scrape).contains("keepalive_pool_leased{client=\"default\"}",
				"keepalive_pool_max{client=\"partner\"}", "keepalive_connections_opened_total{client=\"default\"}",
				"http_client_requests_seconds_count");
	}

	private RestClient actuator() {
		return RestClient.create("http://127.0.0.1:" + this.port);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
