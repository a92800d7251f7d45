package io.github.keepalive.client;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.LoopbackProxy;
import io.github.keepalive.test.TestCertificates;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ApplicationContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pre-warming ({@code warm-up.connections}, {@code warm-up.timeout}) against loopback
 * servers that count what they saw: the connections are open, TLS handshake and proxy
 * tunnel included, once the context has started; the first concurrent requests open none;
 * a downstream that is down or hangs does not stop or stall start-up.
 */
@ExtendWith(OutputCaptureExtension.class)
class ConnectionWarmUpTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	static Path directory;

	private static Path serverKeyStore;

	private static Path serverPem;

	private final ApplicationContextRunner runner = KeepAliveTestSupport.contextRunner();

	@BeforeAll
	static void generateCertificates() throws Exception {
		TestCertificates certificates = new TestCertificates(directory);
		serverKeyStore = certificates.keyStore("server", "ip:127.0.0.1");
		serverPem = certificates.pem(TestCertificates.certificate(serverKeyStore), "server.crt");
	}

	@Test
	void warmedConnectionsServeTheFirstConcurrentRequests() throws Exception {
		try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
			this.runner.withPropertyValues("keepalive.base-url=" + server.baseUrl(), "keepalive.warm-up.connections=4")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(pool(context).available()).as("idle pooled connections once started").isEqualTo(4);
					awaitAccepted(server, 4);
					assertThat(server.requests()).as("requests sent by the warm-up").isZero();
					assertFirstConcurrentRequestsOpenNoConnection(context, server, 4);
					assertThat(server.acceptedConnections()).isEqualTo(4);
				});
		}
	}

	@Test
	void warmedTlsConnectionsAreHandshakenOnceEach() throws Exception {
		try (LoopbackHttpServer server = LoopbackHttpServer
			.https(TestCertificates.serverContext(serverKeyStore, List.of()), false)) {
			this.runner
				.withPropertyValues("spring.ssl.bundle.pem.loopback.truststore.certificate=file:" + serverPem,
						"keepalive.ssl.bundle=loopback", "keepalive.base-url=" + server.baseUrl(),
						"keepalive.warm-up.connections=5")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					awaitAccepted(server, 5);
					assertThat(LoopbackHttpServer.await(() -> server.tlsHandshakes() == 5, TIMEOUT)).isTrue();
					assertThat(server.requests()).isZero();
					assertFirstConcurrentRequestsOpenNoConnection(context, server, 5);
					assertThat(server.acceptedConnections()).isEqualTo(5);
					assertThat(server.tlsHandshakes()).isEqualTo(5);
					assertThat(server.handshakeFailures()).isEmpty();
				});
		}
	}

	@Test
	void warmUpThroughAProxyOpensTheTunnelsToo() throws Exception {
		try (LoopbackHttpServer server = LoopbackHttpServer
			.https(TestCertificates.serverContext(serverKeyStore, List.of()), false);
				LoopbackProxy proxy = LoopbackProxy.requiringBasicAuth("scott", "tiger")) {
			this.runner
				.withPropertyValues("spring.ssl.bundle.pem.loopback.truststore.certificate=file:" + serverPem,
						"keepalive.ssl.bundle=loopback", "keepalive.base-url=" + server.baseUrl(),
						"keepalive.proxy.host=127.0.0.1", "keepalive.proxy.port=" + proxy.getPort(),
						"keepalive.proxy.username=scott", "keepalive.proxy.password=tiger",
						"keepalive.warm-up.connections=3")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(proxy.requests()).filteredOn((request) -> request.status() == 200)
						.hasSize(3)
						.allSatisfy((request) -> {
							assertThat(request.method()).isEqualTo("CONNECT");
							assertThat(request.target()).isEqualTo("127.0.0.1:" + server.getPort());
						});
					awaitAccepted(server, 3);
					assertThat(LoopbackHttpServer.await(() -> server.tlsHandshakes() == 3, TIMEOUT)).isTrue();
					assertFirstConcurrentRequestsOpenNoConnection(context, server, 3);
					assertThat(proxy.requests()).filteredOn((request) -> request.status() == 200).hasSize(3);
					assertThat(server.tlsHandshakes()).isEqualTo(3);
				});
		}
	}

	@Test
	void downstreamThatIsDownDoesNotStopStartUp(CapturedOutput output) throws Exception {
		int closedPort;
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			closedPort = socket.getLocalPort();
		}
		this.runner
			.withPropertyValues("keepalive.clients.orders.base-url=http://127.0.0.1:" + closedPort,
					"keepalive.clients.orders.warm-up.connections=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(KeepAliveClients.class).get("orders").pool().totalStats().available()).isZero();
			});
		assertThat(output.getAll()).contains("WARN",
				"Keep-alive client 'orders' warmed 0 of 3 connections to http://127.0.0.1:" + closedPort,
				"Connection refused");
	}

	@Test
	void startUpWaitsAtMostTheWarmUpTimeout(CapturedOutput output) throws Exception {
		// a listener that never accepts: TCP connects, the TLS handshake hangs
		try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
				LoopbackHttpServer server = LoopbackHttpServer.start()) {
			this.runner
				.withPropertyValues("keepalive.clients.slow.base-url=https://127.0.0.1:" + silent.getLocalPort(),
						"keepalive.clients.slow.warm-up.connections=2", "keepalive.clients.slow.warm-up.timeout=500ms",
						"keepalive.clients.fast.base-url=" + server.baseUrl(),
						"keepalive.clients.fast.warm-up.connections=2")
				.run((context) -> {
					// started: the warm-up gave up on its own timeout (logged below), not the
					// handshake's read timeout
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(KeepAliveClients.class).get("fast").pool().totalStats().available())
						.isEqualTo(2);
					assertThat(LoopbackHttpServer.await(() -> warmUpThreads() == 0, Duration.ofSeconds(2)))
						.as("warm-up threads left").isTrue();
				});
			assertThat(output.getAll()).contains(
					"Keep-alive client 'slow' warmed 0 of 2 connections to https://127.0.0.1:" + silent.getLocalPort(),
					"not connected within 500 ms (keepalive.clients.slow.warm-up.timeout)",
					"Keep-alive client 'fast' warmed 2 connections to " + server.baseUrl());
		}
	}

	@Test
	void warmUpIsCappedByTheHostsPoolLimit(CapturedOutput output) throws Exception {
		try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
			KeepAliveTestSupport
				.withProperties(this.runner, "keepalive.base-url=" + server.baseUrl(),
						"keepalive.warm-up.connections=6", "keepalive.pool.max-per-host.[127.0.0.1]=2",
						"keepalive.warm-up.timeout=5s")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(pool(context).available()).isEqualTo(2);
					awaitAccepted(server, 2);
				});
			assertThat(output.getAll()).contains("warmed 2 of 6 connections",
					"pool.max-per-host allows 2 connections to 127.0.0.1");
		}
	}

	@Test
	void warmUpWithAnAdaptiveLimitOpensWhatTheLimitAllowsWithoutWaiting(CapturedOutput output) throws Exception {
		try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
			// a warmer beyond the adaptive floor would wait out the lease timeout, past the warm-up's
			KeepAliveTestSupport
				.withProperties(this.runner, "keepalive.base-url=" + server.baseUrl(),
						"keepalive.warm-up.connections=6", "keepalive.pool.adaptive.enabled=true",
						"keepalive.pool.adaptive.min-per-route=2", "keepalive.pool.lease-timeout=30s",
						"keepalive.warm-up.timeout=10s")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(pool(context).available()).isEqualTo(2);
					awaitAccepted(server, 2);
					assertThat(server.acceptedConnections()).isEqualTo(2);
				});
			assertThat(output.getAll())
				.contains("warms up 2 of 6 connections: its adaptive limit starts at 2",
						"Keep-alive client 'default' warmed 2 connections to " + server.baseUrl())
				.doesNotContain("WARN");
		}
	}

	@Test
	void clientWithoutBaseUrlIsNotWarmed(CapturedOutput output) throws Exception {
		try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
			this.runner
				.withPropertyValues("keepalive.warm-up.connections=2",
						"keepalive.clients.orders.base-url=" + server.baseUrl())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(pool(context).available()).isZero();
					assertThat(context.getBean(KeepAliveClients.class).get("orders").pool().totalStats().available())
						.as("the named client inherits the warm-up")
						.isEqualTo(2);
				});
			assertThat(output.getAll()).contains("Keep-alive client 'default' has no keepalive.base-url: keepalive.warm-up.connections does not apply")
				.doesNotContain("WARN");
		}
	}

	@Test
	void withoutWarmUpNoConnectionIsOpenedAtStart() throws Exception {
		try (LoopbackHttpServer server = LoopbackHttpServer.start()) {
			this.runner.withPropertyValues("keepalive.base-url=" + server.baseUrl()).run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(pool(context).available()).isZero();
				assertThat(server.acceptedConnections()).isZero();
			});
		}
	}

	private static io.github.keepalive.client.pool.PoolUsage pool(ApplicationContext context) {
		return context.getBean(KeepAliveClients.class).get("default").pool().totalStats();
	}

	private static void awaitAccepted(LoopbackHttpServer server, int expected) {
		assertThat(LoopbackHttpServer.await(() -> server.acceptedConnections() >= expected, TIMEOUT))
			.as("connections accepted: %s", server)
			.isTrue();
	}

	private static void assertFirstConcurrentRequestsOpenNoConnection(ApplicationContext context,
			LoopbackHttpServer server, int callers) throws Exception {
		RestClient client = context.getBean(RestClient.class);
		server.resetMaxOpenConnections();
		// the server holds every response until all callers' requests are in, so that they
		// are served at once however slowly the callers start on a busy machine
		server.holdResponses();
		CompletableFuture<List<String>> bodies = CompletableFuture.supplyAsync(() -> {
			try {
				return ConcurrentCallers.results(callers, TIMEOUT,
						() -> client.get().uri("/first").retrieve().body(String.class));
			}
			catch (Exception ex) {
				throw new IllegalStateException(ex);
			}
		});
		server.awaitRequests(callers, TIMEOUT);
		server.releaseResponses();
		assertThat(bodies.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)).hasSize(callers).containsOnly("ok");
		assertThat(server.maxRequestsInFlight()).as("requests served at once").isEqualTo(callers);
		assertThat(server.maxOpenConnections()).isEqualTo(callers);
		assertThat(server.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::sequence)
			.as("each request on a connection opened before it")
			.containsOnly(1);
	}

	private static long warmUpThreads() {
		return Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.getName().startsWith("keepalive-warm-up-"))
			.count();
	}

}
