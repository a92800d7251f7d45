package io.github.keepalive.actuate;

import io.github.keepalive.client.KeepAliveClients;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code keepalive} endpoint is read-only unless
 * {@code management.endpoint.keepalive.access=unrestricted}: exposed, it still answers
 * GET, but refuses the POST that resizes a pool or closes its idle connections.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "management.endpoints.web.exposure.include=keepalive" })
class KeepAliveEndpointAccessWebTests {

	@LocalServerPort
	private int port;

	@Autowired
	private KeepAliveClients clients;

	@Test
	void postIsNotAllowedByDefault() {
		RestClient actuator = RestClient.create("http://127.0.0.1:" + this.port);
		HttpStatus status = actuator.post()
			.uri("/actuator/keepalive/default")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"maxPerRoute\": 40}")
			.exchange((request, response) -> HttpStatus.valueOf(response.getStatusCode().value()));
		assertThat(status).isEqualTo(HttpStatus.METHOD_NOT_ALLOWED);
		assertThat(this.clients.get("default").pool().limits().maxPerRoute()).isEqualTo(50);
		assertThat(actuator.get().uri("/actuator/keepalive/default").retrieve().body(String.class))
			.contains("\"maxPerRoute\":50");
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class TestApplication {

	}

}
