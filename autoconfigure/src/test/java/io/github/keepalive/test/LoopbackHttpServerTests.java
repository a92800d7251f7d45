package io.github.keepalive.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;

import io.github.keepalive.test.LoopbackHttpServer.CloseMode;
import io.github.keepalive.test.LoopbackHttpServer.Fault;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

/**
 * Tests for {@link LoopbackHttpServer}, driven by a raw socket so that the fixture the
 * other tests trust is itself checked against the wire.
 */
class LoopbackHttpServerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	@TempDir
	static Path directory;

	/** Key store of a server certified for 127.0.0.1. */
	private static Path serverKeyStore;

	/** Key store of a client for mutual TLS. */
	private static Path clientKeyStore;

	/** Key store of the same server after a certificate rotation. */
	private static Path rotatedKeyStore;

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	@BeforeAll
	static void generateCertificates() throws Exception {
		TestCertificates certificates = new TestCertificates(directory);
		serverKeyStore = certificates.keyStore("server", "ip:127.0.0.1");
		clientKeyStore = certificates.keyStore("client", "dns:client.example");
		rotatedKeyStore = certificates.keyStore("rotated", "ip:127.0.0.1");
	}

	@Test
	void keepsConnectionAliveAndCountsRequests() throws IOException {
		try (Socket socket = connect()) {
			assertThat(exchange(socket, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK")
				.endsWith("\r\n\r\nok");
			assertThat(exchange(socket, "POST /b HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello"))
				.startsWith("HTTP/1.1 200 OK");
			assertThat(exchange(socket,
					"PUT /c HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n"))
				.startsWith("HTTP/1.1 200 OK");
			assertThat(this.server.acceptedConnections()).isOne();
			assertThat(this.server.openConnections()).isOne();
			assertThat(this.server.requests()).isEqualTo(3);
			assertThat(this.server.requests("POST")).isOne();
			assertThat(this.server.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::sequence)
				.containsExactly(1, 2, 3);
			assertThat(this.server.recordedRequests().get(1).bodyAsString()).isEqualTo("hello");
			assertThat(this.server.lastRequest().bodyAsString()).isEqualTo("abcde");
			assertThat(this.server.lastRequest().target()).isEqualTo("/c");
		}
		this.server.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.server.connectionsClosedByClient()).isOne();
		assertThat(this.server.connectionsClosedByServer()).isZero();
	}

	@Test
	void honoursConnectionClose() throws IOException {
		try (Socket socket = connect()) {
			assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"))
				.contains("\r\nConnection: close\r\n");
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		this.server.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.server.connectionCloseRequests()).isOne();
		// counted once the server's close is out, which the client may see first
		this.server.awaitConnectionsClosedByServer(1, TIMEOUT);
		assertThat(this.server.connectionsClosedByServer()).isOne();
	}

	@Test
	void tracksMostConnectionsOpenAtOnce() throws IOException {
		try (Socket first = connect(); Socket second = connect(); Socket third = connect()) {
			for (Socket socket : new Socket[] { first, second, third }) {
				exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
			}
			this.server.awaitOpenConnections(3, TIMEOUT);
		}
		this.server.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.server.maxOpenConnections()).isEqualTo(3);
		assertThat(this.server.connectionsClosedByClient()).isEqualTo(3);
	}

	@Test
	void closesIdleConnectionWithFin() throws IOException {
		this.server.closeIdleConnectionsAfter(Duration.ofMillis(100), CloseMode.FIN);
		try (Socket socket = connect()) {
			exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
			socket.setSoTimeout(5000);
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
		// counted once the server's close is out, which the client may see first
		this.server.awaitConnectionsClosedByServer(1, TIMEOUT);
		assertThat(this.server.connectionsClosedByServer()).isOne();
	}

	@Test
	void closesIdleConnectionWithRst() throws IOException {
		this.server.closeIdleConnectionsAfter(Duration.ofMillis(100), CloseMode.RST);
		try (Socket socket = connect()) {
			exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
			socket.setSoTimeout(5000);
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read())
				.withMessageContaining("reset");
		}
		// counted once the server's close is out, which the client may see first
		this.server.awaitConnectionsClosedByServer(1, TIMEOUT);
		assertThat(this.server.connectionsClosedByServer()).isOne();
	}

	@Test
	void sendsConnectionCloseEveryKRequests() throws IOException {
		this.server.connectionCloseEvery(2);
		try (Socket socket = connect()) {
			assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).doesNotContain("Connection: close");
			assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).contains("Connection: close");
			assertThat(socket.getInputStream().read()).isEqualTo(-1);
		}
	}

	@Test
	void truncatesBody() throws IOException {
		this.server.responseSize(100).inject(Fault.TRUNCATE_BODY, 1);
		try (Socket socket = connect()) {
			socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
			String response = readAll(socket.getInputStream());
			assertThat(response).contains("Content-Length: 100\r\n");
			assertThat(response.substring(response.indexOf("\r\n\r\n") + 4)).hasSize(50);
		}
		try (Socket socket = connect()) {
			assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).endsWith("x".repeat(100));
		}
		this.server.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.server.responses()).isOne();
	}

	@Test
	void stallsUntilClientGivesUp() throws IOException {
		this.server.inject(Fault.STALL_BEFORE_HEADERS, 1);
		try (Socket socket = connect()) {
			socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
			this.server.awaitRequests(1, TIMEOUT);
		}
		this.server.awaitConnectionsClosedByClient(1, TIMEOUT);
		assertThat(this.server.responses()).isZero();
	}

	@Test
	void stallEndsWithCloseAfterStallTime() throws IOException {
		this.server.stallTime(Duration.ofMillis(100)).inject(Fault.STALL_MID_BODY, 1).responseSize(10);
		try (Socket socket = connect()) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
			assertThat(readAll(socket.getInputStream())).endsWith("\r\n\r\nxxxxx");
		}
		// counted once the server's close is out, which the client may see first
		this.server.awaitConnectionsClosedByServer(1, TIMEOUT);
		assertThat(this.server.connectionsClosedByServer()).isOne();
	}

	@Test
	void holdsResponsesUntilReleased() throws Exception {
		this.server.holdResponses();
		try (Socket socket = connect()) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(bytes("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
			this.server.awaitRequests(1, TIMEOUT);
			assertThat(socket.getInputStream().available()).isZero();
			assertThat(this.server.responses()).isZero();
			this.server.releaseResponses();
			assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void holdsOnlyTheResponsesThatMatch() throws Exception {
		this.server.holdResponses((request) -> request.path().equals("/held"));
		try (Socket held = connect(); Socket free = connect()) {
			held.getOutputStream().write(bytes("GET /held HTTP/1.1\r\nHost: x\r\n\r\n"));
			this.server.awaitRequests(1, TIMEOUT);
			assertThat(exchange(free, "GET /free HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
			// the server counts a response once it is flushed, which the client may see first
			assertThat(LoopbackHttpServer.await(() -> this.server.responses() == 1, TIMEOUT)).isTrue();
			assertThat(this.server.responses()).isOne();
			this.server.releaseResponses();
			assertThat(readResponse(held.getInputStream())).startsWith("HTTP/1.1 200");
		}
	}

	@Test
	void recordsWhenTheClientClosedEachConnection() throws IOException {
		long start = System.nanoTime();
		try (Socket socket = connect()) {
			exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		}
		this.server.awaitConnectionsClosedByClient(1, TIMEOUT);
		long between = System.nanoTime();
		try (Socket socket = connect()) {
			exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		}
		this.server.awaitConnectionsClosedByClient(2, TIMEOUT);
		assertThat(this.server.clientCloseNanoTimes()).hasSize(2).satisfiesExactly(
				(first) -> assertThat(first).isBetween(start, between),
				(second) -> assertThat(second).isGreaterThan(between));
	}

	@Test
	void rotatedCertificateIsPresentedToNewConnectionsOnly() throws Exception {
		try (LoopbackHttpServer https = LoopbackHttpServer
			.https(TestCertificates.serverContext(serverKeyStore, List.of()), false)) {
			int port = https.getPort();
			SSLContext trustsFirst = clientContext(null);
			try (Socket before = connectTls(https, trustsFirst)) {
				assertThat(exchange(before, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
				https.rotateTls(TestCertificates.serverContext(rotatedKeyStore, List.of()));
				assertThat(https.getPort()).isEqualTo(port);
				assertThat(exchange(before, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
				try (Socket after = connectTls(https, trustsFirst)) {
					assertThatExceptionOfType(SSLHandshakeException.class)
						.isThrownBy(() -> exchange(after, "GET /c HTTP/1.1\r\nHost: x\r\n\r\n"));
				}
				try (Socket after = connectTls(https, trusting(TestCertificates.certificate(rotatedKeyStore)))) {
					assertThat(exchange(after, "GET /d HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200");
				}
			}
			assertThat(https.tlsHandshakes()).isEqualTo(2);
			assertThat(https.requests()).isEqualTo(3);
		}
		assertThatExceptionOfType(IllegalStateException.class)
			.isThrownBy(() -> this.server.rotateTls(clientContext(null)));
	}

	@Test
	void resetsInsteadOfResponding() throws IOException {
		this.server.inject(Fault.RESET_BEFORE_RESPONSE, (request) -> "POST".equals(request.method()));
		try (Socket socket = connect()) {
			socket.setSoTimeout(5000);
			socket.getOutputStream().write(bytes("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read());
		}
		assertThat(this.server.requests("POST")).isOne();
	}

	@Test
	void refusesConnectionsWhenNotAcceptingAndRestartsOnSamePort() throws IOException {
		int port = this.server.getPort();
		Socket open = connect();
		exchange(open, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		this.server.stopAccepting();
		assertThatExceptionOfType(ConnectException.class).isThrownBy(this::connect);
		this.server.resumeAccepting();
		try (Socket socket = connect()) {
			exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		}
		this.server.restart();
		open.setSoTimeout(5000);
		assertThat(open.getInputStream().read()).isEqualTo(-1);
		open.close();
		try (Socket socket = connect()) {
			exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		}
		assertThat(this.server.getPort()).isEqualTo(port);
		assertThat(this.server.acceptedConnections()).isEqualTo(3);
	}

	@Test
	void countsOneTlsHandshakePerConnection() throws Exception {
		try (LoopbackHttpServer https = LoopbackHttpServer
			.https(TestCertificates.serverContext(serverKeyStore, List.of()), false)) {
			assertThat(https.baseUrl()).isEqualTo("https://127.0.0.1:" + https.getPort());
			SSLContext client = clientContext(null);
			try (Socket socket = connectTls(https, client)) {
				assertThat(exchange(socket, "GET /a HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK")
					.endsWith("\r\n\r\nok");
				assertThat(exchange(socket, "GET /b HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
			}
			try (Socket socket = connectTls(https, client)) {
				assertThat(exchange(socket, "GET /c HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
			}
			https.awaitOpenConnections(0, TIMEOUT);
			assertThat(https.acceptedConnections()).isEqualTo(2);
			assertThat(https.tlsHandshakes()).isEqualTo(2);
			assertThat(https.handshakeFailures()).isEmpty();
			assertThat(https.requests()).isEqualTo(3);
			assertThat(https.connectionsClosedByClient()).isEqualTo(2);
		}
		try (Socket socket = connect()) {
			exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		}
		assertThat(this.server.baseUrl()).isEqualTo("http://127.0.0.1:" + this.server.getPort());
		assertThat(this.server.tlsHandshakes()).isZero();
	}

	@Test
	void recordsHandshakeFailureOfClientWithoutRequiredCertificate() throws Exception {
		Certificate clientCertificate = TestCertificates.certificate(clientKeyStore);
		try (LoopbackHttpServer https = LoopbackHttpServer
			.https(TestCertificates.serverContext(serverKeyStore, List.of(clientCertificate)), true)) {
			try (Socket socket = connectTls(https, clientContext(clientKeyStore))) {
				assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
			}
			try (Socket socket = connectTls(https, clientContext(null))) {
				// with TLS 1.3 the client learns of the refusal only when it reads
				assertThatExceptionOfType(IOException.class)
					.isThrownBy(() -> exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
			}
			assertThat(LoopbackHttpServer.await(() -> !https.handshakeFailures().isEmpty(), TIMEOUT)).isTrue();
			assertThat(https.handshakeFailures()).singleElement(InstanceOfAssertFactories.THROWABLE)
				.hasMessageContaining("certificate");
			https.awaitOpenConnections(0, TIMEOUT);
			assertThat(https.acceptedConnections()).isEqualTo(2);
			assertThat(https.tlsHandshakes()).isOne();
			assertThat(https.requests()).isOne();
			// the client closed the first connection; the refused one counts as closed by neither side
			assertThat(https.connectionsClosedByClient()).isOne();
			assertThat(https.connectionsClosedByServer()).isZero();
		}
	}

	@Test
	void countsRequestsInFlightAtOnce() throws IOException {
		this.server.holdResponses();
		try (Socket first = connect(); Socket second = connect()) {
			first.getOutputStream().write(bytes("GET /1 HTTP/1.1\r\nHost: x\r\n\r\n"));
			second.getOutputStream().write(bytes("GET /2 HTTP/1.1\r\nHost: x\r\n\r\n"));
			this.server.awaitRequests(2, TIMEOUT);
			assertThat(this.server.requestsInFlight()).isEqualTo(2);
			this.server.releaseResponses();
			assertThat(readResponse(first.getInputStream())).startsWith("HTTP/1.1 200 OK");
			assertThat(readResponse(second.getInputStream())).startsWith("HTTP/1.1 200 OK");
			assertThat(LoopbackHttpServer.await(() -> this.server.requestsInFlight() == 0, TIMEOUT)).isTrue();
			assertThat(exchange(first, "GET /3 HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
		}
		assertThat(this.server.maxRequestsInFlight()).isEqualTo(2);
		assertThat(this.server.requests()).isEqualTo(3);
	}

	@Test
	void delaysResponseAsTheRequestAsks() throws IOException {
		try (Socket socket = connect()) {
			long start = System.nanoTime();
			assertThat(exchange(socket, "GET /slow?delay=300 HTTP/1.1\r\nHost: x\r\n\r\n"))
				.startsWith("HTTP/1.1 200 OK");
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
		}
		assertThat(this.server.lastRequest().queryParameter("delay")).isEqualTo("300");
	}

	@Test
	void echoesThePathOfEachRequest() throws IOException {
		this.server.echoPath();
		try (Socket socket = connect()) {
			assertThat(exchange(socket, "GET /items/7?x=1 HTTP/1.1\r\nHost: x\r\n\r\n"))
				.endsWith("\r\n\r\n/items/7");
			assertThat(exchange(socket, "GET http://127.0.0.1:1/via/proxy HTTP/1.1\r\nHost: x\r\n\r\n"))
				.endsWith("\r\n\r\n/via/proxy");
		}
		assertThat(this.server.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::path)
			.containsExactly("/items/7", "/via/proxy");
		assertThat(this.server.recordedRequests().get(0).queryParameter("x")).isEqualTo("1");
		assertThat(this.server.recordedRequests().get(0).queryParameter("y")).isNull();
	}

	@Test
	void awaitTellsWhetherTheConditionHeldInTime() {
		assertThat(LoopbackHttpServer.await(() -> true, Duration.ZERO)).isTrue();
		assertThat(LoopbackHttpServer.await(() -> false, Duration.ofMillis(50))).isFalse();
	}

	@Test
	void extensionInAnInstanceFieldClosesTheServerAfterEachTest() throws IOException {
		LoopbackHttpServer other = LoopbackHttpServer.start();
		try (Socket socket = connect(other)) {
			exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n");
		}
		other.afterEach(extensionContext("[engine:junit-jupiter]/[class:Tests]/[method:test()]"));
		assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(other));
	}

	@Test
	void extensionInAStaticFieldClosesTheServerAfterAllTestsOfItsClass() throws IOException {
		ExtensionContext testClass = extensionContext("[engine:junit-jupiter]/[class:Tests]");
		ExtensionContext nestedClass = extensionContext("[engine:junit-jupiter]/[class:Tests]/[nested-class:Inner]");
		try (LoopbackHttpServer other = LoopbackHttpServer.start()) {
			other.beforeAll(testClass);
			other.beforeAll(nestedClass);
			other.afterEach(extensionContext("[engine:junit-jupiter]/[class:Tests]/[method:test()]"));
			other.afterAll(nestedClass);
			try (Socket socket = connect(other)) {
				assertThat(exchange(socket, "GET / HTTP/1.1\r\nHost: x\r\n\r\n")).startsWith("HTTP/1.1 200 OK");
			}
			other.afterAll(testClass);
			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> connect(other));
		}
	}

	private Socket connect() throws IOException {
		return connect(this.server);
	}

	private static Socket connect(LoopbackHttpServer server) throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), server.getPort());
		socket.setSoTimeout(5000);
		return socket;
	}

	/**
	 * Connects with TLS; the handshake happens with the first read or write.
	 */
	private static Socket connectTls(LoopbackHttpServer server, SSLContext context) throws IOException {
		Socket socket = context.getSocketFactory().createSocket(InetAddress.getLoopbackAddress(), server.getPort());
		socket.setSoTimeout(5000);
		return socket;
	}

	/**
	 * A client's TLS context that trusts the test server's certificate and, with a key
	 * store, presents that key.
	 */
	private static SSLContext clientContext(Path keyStore) throws Exception {
		Certificate serverCertificate = TestCertificates.certificate(serverKeyStore);
		if (keyStore != null) {
			return TestCertificates.serverContext(keyStore, List.of(serverCertificate));
		}
		return trusting(serverCertificate);
	}

	/**
	 * A client's TLS context that trusts one certificate.
	 */
	private static SSLContext trusting(Certificate certificate) throws Exception {
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("server", certificate);
		TrustManagerFactory trustManagers = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trusted);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, trustManagers.getTrustManagers(), null);
		return context;
	}

	private static ExtensionContext extensionContext(String uniqueId) {
		ExtensionContext context = mock(ExtensionContext.class);
		given(context.getUniqueId()).willReturn(uniqueId);
		return context;
	}

	private static String exchange(Socket socket, String request) throws IOException {
		socket.getOutputStream().write(bytes(request));
		socket.getOutputStream().flush();
		return readResponse(socket.getInputStream());
	}

	/**
	 * Reads one response whose body has a Content-Length.
	 */
	private static String readResponse(InputStream in) throws IOException {
		ByteArrayOutputStream head = new ByteArrayOutputStream();
		while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
			int b = in.read();
			if (b == -1) {
				throw new IOException("End of stream in response head: " + head);
			}
			head.write(b);
		}
		String headText = head.toString(StandardCharsets.ISO_8859_1);
		int start = headText.indexOf("Content-Length: ") + "Content-Length: ".length();
		int length = Integer.parseInt(headText.substring(start, headText.indexOf("\r\n", start)));
		return headText + new String(in.readNBytes(length), StandardCharsets.ISO_8859_1);
	}

	private static String readAll(InputStream in) throws IOException {
		return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
	}

	private static byte[] bytes(String text) {
		return text.getBytes(StandardCharsets.ISO_8859_1);
	}

}
