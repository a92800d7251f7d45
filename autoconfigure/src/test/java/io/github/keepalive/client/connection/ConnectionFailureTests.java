package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.keepalive.autoconfigure.KeepAliveAutoConfiguration;
import io.github.keepalive.autoconfigure.KeepAliveMetricsAutoConfiguration;
import io.github.keepalive.client.ConnectionCounts;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.metrics.KeepAliveMeters;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.LoopbackProxy;
import io.github.keepalive.test.TestCertificates;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.search.RequiredSearch;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpStatus;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Connection attempts that fail count in {@code keepalive.connections.failed} with their
 * reason, and in the client's own counts, never as opened (and so never as closed): a
 * refused port, an unknown host, a TLS handshake the client rejects, one that times out, a
 * proxy that refuses the tunnel. A connection counts as opened once established.
 */
class ConnectionFailureTests {

	@TempDir
	static Path directory;

	/** A key store for 127.0.0.1 that no client trusts. */
	private static Path untrustedKeyStore;

	private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class,
				KeepAliveMetricsAutoConfiguration.class, SslAutoConfiguration.class, HttpClientAutoConfiguration.class,
				ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class))
		.withBean(MeterRegistry.class, () -> this.registry);

	@BeforeAll
	static void certificates() throws Exception {
		untrustedKeyStore = new TestCertificates(directory).keyStore("untrusted", "ip:127.0.0.1");
	}

	@Test
	void refusedConnectionsCountAsRefused() throws IOException {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		this.runner.withPropertyValues("keepalive.base-url=http://127.0.0.1:" + closedPort).run((context) -> {
			for (int i = 0; i < 3; i++) {
				assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> get(context));
			}
			assertFailures(context, "refused", 3);
		});
	}

	@Test
	void unknownHostCountsAsDns() {
		this.runner.withPropertyValues("keepalive.base-url=http://no-such-host.invalid").run((context) -> {
			assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> get(context));
			assertFailures(context, "dns", 1);
		});
	}

	@Test
	void rejectedCertificateCountsAsTls() throws Exception {
		try (LoopbackHttpServer server = LoopbackHttpServer
			.https(TestCertificates.serverContext(untrustedKeyStore, List.of()), false)) {
			this.runner.withPropertyValues("keepalive.base-url=" + server.baseUrl()).run((context) -> {
				assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> get(context));
				assertFailures(context, "tls", 1);
				// the server records its side of the handshake on its own thread
				boolean seen = LoopbackHttpServer.await(() -> server.handshakeFailures().size() == 1,
						Duration.ofSeconds(5));
				assertThat(seen).as("failed handshakes the server saw: %s", server.handshakeFailures()).isTrue();
				assertThat(server.requests()).isZero();
			});
		}
	}

	@Test
	void handshakeThatTimesOutCountsAsTimeout() throws Exception {
		// accepts the TCP connection and never answers the ClientHello
		List<Socket> accepted = new CopyOnWriteArrayList<>();
		try (ServerSocket silent = new ServerSocket(0, 10, InetAddress.getLoopbackAddress())) {
			Thread acceptor = new Thread(() -> {
				try {
					while (true) {
						accepted.add(silent.accept());
					}
				}
				catch (IOException ex) {
					// closed
				}
			});
			acceptor.setDaemon(true);
			acceptor.start();
			this.runner
				.withPropertyValues("keepalive.base-url=https://127.0.0.1:" + silent.getLocalPort(),
						"keepalive.connect-timeout=300ms")
				.run((context) -> {
					assertThatExceptionOfType(ResourceAccessException.class).isThrownBy(() -> get(context));
					assertFailures(context, "timeout", 1);
				});
		}
		finally {
			for (Socket socket : accepted) {
				socket.close();
			}
		}
	}

	@Test
	void proxyRefusingTheTunnelCountsAsProxy() throws Exception {
		// the proxy wants credentials the client does not have: CONNECT answered 407
		try (LoopbackProxy proxy = LoopbackProxy.requiringBasicAuth("scott", "tiger")) {
			this.runner
				.withPropertyValues("keepalive.proxy.host=127.0.0.1", "keepalive.proxy.port=" + proxy.getPort(),
						"keepalive.base-url=https://127.0.0.1:9")
				.run((context) -> {
					for (int i = 0; i < 2; i++) {
						assertThatExceptionOfType(HttpClientErrorException.class).isThrownBy(() -> get(context))
							.satisfies((ex) -> assertThat(ex.getStatusCode())
								.isEqualTo(HttpStatus.PROXY_AUTHENTICATION_REQUIRED));
					}
					assertThat(proxy.requests()).hasSize(2)
						.allSatisfy((request) -> assertThat(request.method()).isEqualTo("CONNECT"));
					assertFailures(context, "proxy", 2);
				});
		}
	}

	@Test
	void establishedConnectionsCountAsOpenedOnceThroughATunnel() throws Exception {
		try (LoopbackHttpServer target = LoopbackHttpServer
			.https(TestCertificates.serverContext(untrustedKeyStore, List.of()), false);
				LoopbackProxy proxy = LoopbackProxy.open()) {
			// trusted through a bundle this time
			this.runner
				.withPropertyValues("keepalive.proxy.host=127.0.0.1", "keepalive.proxy.port=" + proxy.getPort(),
						"keepalive.base-url=" + target.baseUrl(), "keepalive.ssl.bundle=untrusted",
						"spring.ssl.bundle.jks.untrusted.truststore.location=file:" + untrustedKeyStore,
						"spring.ssl.bundle.jks.untrusted.truststore.password=" + TestCertificates.PASSWORD,
						"spring.ssl.bundle.jks.untrusted.truststore.type=PKCS12")
				.run((context) -> {
					for (int i = 0; i < 3; i++) {
						get(context);
					}
					assertThat(target.acceptedConnections()).isOne();
					ConnectionCounts counts = counts(context);
					assertThat(counts.opened()).isOne();
					assertThat(counts.failed().values()).allMatch((count) -> count == 0);
					assertThat(counter(KeepAliveMeters.CONNECTIONS_OPENED, null)).isOne();
				});
		}
	}

	private static void get(AssertableApplicationContext context) {
		context.getBean(RestClient.class).get().uri("/").retrieve().toBodilessEntity();
	}

	private void assertFailures(AssertableApplicationContext context, String reason, int expected) {
		ConnectionCounts counts = counts(context);
		assertThat(counts.opened()).as("opened").isZero();
		assertThat(counts.failed()).as("failed").containsEntry(reason, (long) expected);
		assertThat(counts.failed().entrySet()).filteredOn((entry) -> !entry.getKey().equals(reason))
			.extracting(Map.Entry::getValue)
			.containsOnly(0L);
		assertThat(counter(KeepAliveMeters.CONNECTIONS_FAILED, reason)).isEqualTo(expected);
		assertThat(counter(KeepAliveMeters.CONNECTIONS_OPENED, null)).isZero();
		assertThat(this.registry.find(KeepAliveMeters.CONNECTIONS_CLOSED).counters())
			.allSatisfy((counter) -> assertThat(counter.count()).isZero());
	}

	private static ConnectionCounts counts(AssertableApplicationContext context) {
		return context.getBean(KeepAliveClients.class).get("default").pool().connections();
	}

	private double counter(String name, String reason) {
		RequiredSearch search = this.registry.get(name).tag("client", "default");
		return ((reason != null) ? search.tag("reason", reason) : search).counter().count();
	}

}
