package io.github.keepalive.autoconfigure;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Boot's graceful shutdown ({@code server.shutdown=graceful}) with a web
 * application whose inbound requests call out through the starter: an inbound request in
 * flight when the context closes still completes, including the calls it makes while the
 * web server waits for it, because the pools drain only after the web server stopped.
 */
class GracefulShutdownTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@RegisterExtension
	private final LoopbackHttpServer downstream = LoopbackHttpServer.start().echoPath();

	@Test
	void inboundRequestInFlightCompletesWithItsOutboundCalls() throws Exception {
		this.downstream.holdResponses((request) -> request.path().equals("/first"));
		ConfigurableApplicationContext context = new SpringApplicationBuilder(RelayApplication.class)
			.properties("server.port=0", "server.address=127.0.0.1", "server.shutdown=graceful",
					"keepalive.base-url=" + this.downstream.baseUrl(), "keepalive.shutdown.drain-timeout=10s")
			.run();
		int port = context.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
		RestClient caller = RestClient.create("http://127.0.0.1:" + port);
		// threads of their own: the common pool may have a single thread, which the inbound
		// call blocks, and the close would then never start
		Executor threads = (task) -> new Thread(task).start();
		CompletableFuture<String> inbound = CompletableFuture
			.supplyAsync(() -> caller.get().uri("/relay").retrieve().body(String.class), threads);
		this.downstream.awaitRequests(1, TIMEOUT);
		CompletableFuture<Void> closed = CompletableFuture.runAsync(context::close, threads);
		assertThat(LoopbackHttpServer.await(() -> refusesConnections(port), TIMEOUT))
			.as("the web server stops accepting connections").isTrue();
		assertThat(closed).isNotDone();
		this.downstream.releaseResponses();
		assertThat(inbound.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("/first+/second");
		closed.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
		assertThat(this.downstream.requests()).isEqualTo(2);
		this.downstream.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.downstream.connectionsClosedByClient()).isOne();
	}

	private static boolean refusesConnections(int port) {
		try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
			return false;
		}
		catch (ConnectException ex) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	@RestController
	static class RelayApplication {

		private final RestClient restClient;

		RelayApplication(RestClient restClient) {
			this.restClient = restClient;
		}

		@GetMapping("/relay")
		String relay() {
			String first = this.restClient.get().uri("/first").retrieve().body(String.class);
			// leased while the web server waits for this request to complete
			String second = this.restClient.get().uri("/second").retrieve().body(String.class);
			return first + "+" + second;
		}

	}

}
