package io.github.keepalive.client.connection;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.github.keepalive.client.connection.ChannelStreams.Peek;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.TestCertificates;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link StaleCheck} on real loopback connections, plain and TLS 1.3, against a server
 * each test drives by hand: what it finds, and that checking a live connection leaves it
 * usable (nothing consumed, over TLS no record taken from under the TLS layer).
 */
class StaleCheckTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	static Path directory;

	private static SSLContext serverContext;

	private static SSLContext clientContext;

	private ServerSocket listener;

	private Socket serverRaw;

	private Socket server;

	private Socket client;

	private SSLSocket clientTls;

	@BeforeAll
	static void certificates() throws Exception {
		TestCertificates certificates = new TestCertificates(directory);
		Path keyStore = certificates.keyStore("server", "ip:127.0.0.1");
		serverContext = TestCertificates.serverContext(keyStore, List.of());
		KeyStore trusted = KeyStore.getInstance("PKCS12");
		trusted.load(null, null);
		trusted.setCertificateEntry("server", TestCertificates.certificate(keyStore));
		TrustManagerFactory trustManagers = TrustManagerFactory
			.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(trusted);
		clientContext = SSLContext.getInstance("TLSv1.3");
		clientContext.init(null, trustManagers.getTrustManagers(), null);
	}

	@AfterEach
	void close() {
		for (Closeable closeable : new Closeable[] { this.server, this.serverRaw, this.clientTls, this.client,
				this.listener }) {
			try {
				if (closeable instanceof Socket socket) {
					closeSocket(socket);
				}
				else if (closeable != null) {
					closeable.close();
				}
			}
			catch (IOException ex) {
				// closed by the test already
			}
		}
	}

	@ParameterizedTest(name = "waited for an answer before: {0}")
	@ValueSource(booleans = { false, true })
	void liveIdleConnectionIsNotStaleAndStaysUsable(boolean waited) throws Exception {
		StaleCheck check = plain(waited);
		exchange(this.client, this.server);
		assertThat(check.isStale()).isFalse();
		assertThat(check.isStale()).isFalse();
		exchange(this.client, this.server);
	}

	@ParameterizedTest(name = "waited for an answer before: {0}")
	@ValueSource(booleans = { false, true })
	void connectionClosedByTheServerIsStale(boolean waited) throws Exception {
		StaleCheck check = plain(waited);
		exchange(this.client, this.server);
		this.server.close();
		awaitStale(check);
	}

	@ParameterizedTest(name = "waited for an answer before: {0}")
	@ValueSource(booleans = { false, true })
	void finReceivedAMillisecondBeforeReuseIsCaught(boolean waited) throws Exception {
		StaleCheck check = plain(waited);
		exchange(this.client, this.server);
		assertThat(check.isStale()).isFalse();
		// on loopback the FIN is queued before close() returns; the check runs once, no retry
		this.server.close();
		Thread.sleep(1);
		assertThat(check.isStale()).isTrue();
	}

	@ParameterizedTest(name = "waited for an answer before: {0}")
	@ValueSource(booleans = { false, true })
	void connectionResetByTheServerIsStale(boolean waited) throws Exception {
		StaleCheck check = plain(waited);
		exchange(this.client, this.server);
		this.server.setSoLinger(true, 0);
		this.server.close();
		awaitStale(check);
	}

	@ParameterizedTest(name = "waited for an answer before: {0}")
	@ValueSource(booleans = { false, true })
	void unaskedBytesOnAnIdleConnectionMakeItStale(boolean waited) throws Exception {
		// e.g. a 408 sent before the server closes: the next request must not read it
		StaleCheck check = plain(waited);
		exchange(this.client, this.server);
		send(this.server, "HTTP/1.1 408 Request Timeout\r\n\r\n");
		awaitStale(check);
	}

	@Test
	void liveIdleTlsConnectionIsNotStaleAndStaysUsable() throws Exception {
		StaleCheck check = tls();
		exchange(this.clientTls, this.server);
		assertThat(check.isStale()).isFalse();
		exchange(this.clientTls, this.server);
	}

	@Test
	void sessionTicketWaitingOnTheSocketIsLeftToTheTlsLayer() throws Exception {
		// TLS 1.3 servers send session tickets after the handshake; before the first read
		// they wait on the raw socket, where a raw read would corrupt the TLS stream
		StaleCheck check = tls();
		ChannelSocket raw = (ChannelSocket) this.client;
		assertThat(LoopbackHttpServer.await(() -> raw.peek() == ChannelStreams.Peek.DATA, TIMEOUT))
			.as("session ticket arrived")
			.isTrue();
		assertThat(check.isStale()).isFalse();
		exchange(this.clientTls, this.server);
		assertThat(check.isStale()).isFalse();
	}

	@Test
	void tlsConnectionClosedWithCloseNotifyIsStale() throws Exception {
		StaleCheck check = tls();
		exchange(this.clientTls, this.server);
		closeSocket(this.server);
		awaitStale(check);
	}

	@Test
	void tlsConnectionClosedWithoutCloseNotifyIsStale() throws Exception {
		StaleCheck check = tls();
		exchange(this.clientTls, this.server);
		// the TCP connection under the server's TLS socket: FIN, no close_notify
		this.serverRaw.close();
		awaitStale(check);
	}

	@Test
	void unaskedApplicationDataOnAnIdleTlsConnectionMakesItStale() throws Exception {
		StaleCheck check = tls();
		exchange(this.clientTls, this.server);
		send(this.server, "HTTP/1.1 408 Request Timeout\r\n\r\n");
		awaitStale(check);
	}

	@Test
	void socketWithoutAChannelHasNoCheck() throws IOException {
		assertThat(StaleCheck.of(new Socket(), null)).isNull();
	}

	/**
	 * Closes a socket; a TLS socket sends its close_notify, then waits for the peer's a
	 * little only.
	 */
	private static void closeSocket(Socket socket) throws IOException {
		if (!socket.isClosed()) {
			socket.setSoTimeout(50);
		}
		socket.close();
	}

	/**
	 * A check over a plain connection. One that has waited for an answer has a read
	 * selector, which the check asks before it reads; one that has not only reads.
	 */
	private StaleCheck plain(boolean waited) throws Exception {
		connect();
		this.server = this.serverRaw;
		if (waited) {
			// a read that finds nothing waits on the selector, here until its timeout
			this.client.setSoTimeout(20);
			assertThatExceptionOfType(SocketTimeoutException.class)
				.isThrownBy(() -> this.client.getInputStream().read());
			this.client.setSoTimeout((int) TIMEOUT.toMillis());
		}
		assertThat(((ChannelSocket) this.client).hasReadSelector()).isEqualTo(waited);
		return StaleCheck.of(this.client, null);
	}

	private StaleCheck tls() throws Exception {
		connect();
		SSLSocket serverTls = (SSLSocket) serverContext.getSocketFactory()
			.createSocket(this.serverRaw, null, this.serverRaw.getPort(), true);
		serverTls.setUseClientMode(false);
		this.server = serverTls;
		CompletableFuture<Void> serverHandshake = CompletableFuture.runAsync(() -> {
			try {
				serverTls.startHandshake();
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		this.clientTls = (SSLSocket) clientContext.getSocketFactory()
			.createSocket(this.client, "127.0.0.1", this.listener.getLocalPort(), true);
		this.clientTls.startHandshake();
		serverHandshake.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		assertThat(this.clientTls.getSession().getProtocol()).isEqualTo("TLSv1.3");
		return StaleCheck.of(this.client, this.clientTls);
	}

	private void connect() throws IOException {
		this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.client = new ChannelSocket();
		this.client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort()));
		this.client.setSoTimeout((int) TIMEOUT.toMillis());
		this.serverRaw = this.listener.accept();
		this.serverRaw.setSoTimeout((int) TIMEOUT.toMillis());
	}

	/**
	 * A request and its response, a few bytes each way, both read to the end.
	 */
	private static void exchange(Socket client, Socket server) throws IOException {
		send(client, "ping");
		assertThat(server.getInputStream().readNBytes(4)).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
		send(server, "pong");
		if (client instanceof ChannelSocket channel && !channel.hasReadSelector()) {
			// a socket that never waited keeps it so: the answer is read once it is there
			assertThat(LoopbackHttpServer.await(() -> channel.peek() == Peek.DATA, TIMEOUT)).isTrue();
		}
		assertThat(client.getInputStream().readNBytes(4)).asString(StandardCharsets.US_ASCII).isEqualTo("pong");
	}

	private static void send(Socket socket, String text) throws IOException {
		socket.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
		socket.getOutputStream().flush();
	}

	private static void awaitStale(StaleCheck check) {
		// the check never waits: give the server's FIN, RST or bytes time to arrive
		assertThat(LoopbackHttpServer.await(check::isStale, TIMEOUT)).as("found stale").isTrue();
	}

}
