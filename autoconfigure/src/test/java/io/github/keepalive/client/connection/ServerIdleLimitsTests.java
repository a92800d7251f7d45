package io.github.keepalive.client.connection;

import java.time.Duration;
import java.util.List;

import io.github.keepalive.client.KeepAliveClientSettings;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.LoopbackHttpServer.CloseMode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server that closes idle connections without announcing it: once a connection to it
 * was found closed after some idle time, connections idle for most of that time are
 * renewed before a request is written on them, rather than raced against the server's
 * close.
 */
class ServerIdleLimitsTests {

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start()
		.closeIdleConnectionsAfter(Duration.ofMillis(500), CloseMode.FIN);

	@Test
	void connectionIdleCloseToTheLearnedLimitIsRenewedBeforeThePost() throws Exception {
		try (KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(),
				List.of(KeepAliveClientSettings.defaults("default")))) {
			RestClient client = RestClient.builder()
				.requestFactory(clients.get("default").createRequestFactory())
				.baseUrl(this.server.baseUrl())
				.build();
			post(client, "/1");
			Thread.sleep(700);
			// closed by the server at 500 ms: found closed before the POST was written
			post(client, "/2");
			assertThat(this.server.acceptedConnections()).isEqualTo(2);
			this.server.awaitConnectionsClosedByServer(1, Duration.ofSeconds(5));
			Thread.sleep(440);
			// 440 ms idle, beyond 60 % of the 700 ms after which one was found closed, and
			// before the server's 500 ms: the client renews it, the server does not close it
			post(client, "/3");
			assertThat(this.server.acceptedConnections()).isEqualTo(3);
			this.server.awaitConnectionsClosedByClient(1, Duration.ofSeconds(5));
			assertThat(this.server.connectionsClosedByServer()).isOne();
			assertThat(this.server.requests("POST")).isEqualTo(3);
			post(client, "/4");
			assertThat(this.server.acceptedConnections()).as("a busy connection is reused").isEqualTo(3);
		}
	}

	private static void post(RestClient client, String path) {
		client.post().uri(path).body("x").retrieve().toBodilessEntity();
	}

}
