package io.github.keepalive.benchmarks.server;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The loopback server's endpoints, keep-alive handling and accept counting.
 */
class BenchServerTests {

	@TempDir
	Path directory;

	@Test
	@Timeout(60)
	void servesPingAndBigOnOneKeptAliveConnectionAndCountsAccepts() throws Exception {
		SelfSignedCertificate certificate = SelfSignedCertificate.create(this.directory);
		try (BenchServer server = new BenchServer(0, 0, 0, certificate.keyStore(),
				certificate.password().toCharArray())) {
			server.start();
			try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
				OutputStream out = socket.getOutputStream();
				InputStream in = socket.getInputStream();
				out.write("GET /ping?delay=5 HTTP/1.1\r\nHost: x\r\n\r\nGET /big HTTP/1.1\r\nHost: x\r\n\r\n"
					.getBytes(StandardCharsets.US_ASCII));
				String ping = readResponse(in);
				assertThat(ping).startsWith("HTTP/1.1 200 OK").contains("Content-Length: " + BenchServer.PING_BODY_SIZE);
				String big = readResponse(in);
				assertThat(big).contains("Content-Length: " + BenchServer.BIG_BODY_SIZE);
				out.write("GET /ping HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
				assertThat(readResponse(in)).contains("Connection: close");
				assertThat(in.read()).isEqualTo(-1);
			}
			try (ServerStats stats = ServerStats.open("java:127.0.0.1:" + server.controlPort())) {
				assertThat(stats.read().accepts()).isEqualTo(1);
				assertThat(stats.read().cpuNanos()).isPositive();
			}
			assertThat(server.stats()).contains("requests=3");
		}
	}

	@Test
	@Timeout(60)
	void overloadedServerDelaysEachAnswerByTheRequestsInFlight() throws Exception {
		try (BenchServer server = new BenchServer(0, 0, 0, null, null)) {
			server.start();
			Socket[] sockets = new Socket[3];
			try {
				for (int i = 0; i < sockets.length; i++) {
					sockets[i] = new Socket("127.0.0.1", server.httpPort());
				}
				long start = System.nanoTime();
				for (Socket socket : sockets) {
					socket.getOutputStream()
						.write("GET /ping?delay=10&perInFlightUs=100000 HTTP/1.1\r\nHost: x\r\n\r\n"
							.getBytes(StandardCharsets.US_ASCII));
				}
				for (Socket socket : sockets) {
					assertThat(readResponse(socket.getInputStream())).startsWith("HTTP/1.1 200 OK");
				}
				// read while 1, 2 and 3 requests were in flight: 110, 210 and 310 ms
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(310));
			}
			finally {
				for (Socket socket : sockets) {
					if (socket != null) {
						socket.close();
					}
				}
			}
			try (ServerStats stats = ServerStats.open("java:127.0.0.1:" + server.controlPort())) {
				assertThat(Duration.ofNanos(stats.read().delayNanos())).isBetween(Duration.ofMillis(630),
						Duration.ofMillis(1500));
			}
		}
	}

	@Test
	void closesAConnectionAfterItsKeepAliveRequests() throws Exception {
		try (BenchServer server = new BenchServer(0, 0, 0, null, null)) {
			server.start();
			for (int connection = 1; connection <= 2; connection++) {
				try (Socket socket = new Socket("127.0.0.1", server.httpPort())) {
					OutputStream out = socket.getOutputStream();
					InputStream in = socket.getInputStream();
					for (int i = 1; i <= 3; i++) {
						out.write("GET /ping?keep-alive-requests=3 HTTP/1.1\r\nHost: x\r\n\r\n"
							.getBytes(StandardCharsets.US_ASCII));
						String response = readResponse(in);
						if (i < 3) {
							assertThat(response).doesNotContain("Connection: close");
						}
						else {
							assertThat(response).contains("Connection: close");
						}
					}
					assertThat(in.read()).isEqualTo(-1);
				}
			}
			assertThat(server.stats()).contains("httpAccepts=2", "requests=6");
		}
	}

	private static String readResponse(InputStream in) throws Exception {
		StringBuilder head = new StringBuilder();
		while (!head.toString().endsWith("\r\n\r\n")) {
			int c = in.read();
			assertThat(c).isNotNegative();
			head.append((char) c);
		}
		int length = Integer.parseInt(head.toString().replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
		byte[] body = in.readNBytes(length);
		assertThat(body).hasSize(length);
		return head.toString();
	}

}
