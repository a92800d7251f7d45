package io.github.keepalive.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

import io.github.keepalive.test.LoopbackHttpServer.CloseMode;
import io.github.keepalive.test.LoopbackHttpServer.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link LoopbackHttpServer}, driven by a raw socket so that the fixture the
 * other tests trust is itself checked against the wire.
 */
class LoopbackHttpServerTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	@AfterEach
	void closeServer() {
		this.server.close();
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

	private Socket connect() throws IOException {
		Socket socket = new Socket(InetAddress.getLoopbackAddress(), this.server.getPort());
		socket.setSoTimeout(5000);
		return socket;
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
