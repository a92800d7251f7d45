package io.github.keepalive.benchmarks.jmh;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

import io.github.keepalive.benchmarks.server.SelfSignedCertificate;
import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.ConnectionListener;
import io.github.keepalive.client.connection.InstrumentedConnectionFactory;
import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.io.CloseMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One stale check before reusing a pooled connection: {@code httpclient} is today's
 * HttpClient check on a plain socket ({@code BHttpConnectionBase.isStale}, a read that
 * waits up to 1 ms), {@code starter} the starter's connection on a socket made from a
 * channel (a non-blocking read; over TLS, first a look at whether the raw socket has bytes
 * waiting). Against an in-process loopback server, plain and TLS (self-signed RSA 2048,
 * TLS 1.3): {@code liveConnection} is an idle connection the server keeps open (after one
 * exchange, so that TLS session tickets have been read, as after a response);
 * {@code closedConnection} one the server has just closed (FIN; over TLS, a
 * {@code close_notify} before it), a new one for every check. Setup checks that every
 * check gives the right answer.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms256m", "-Xmx256m" })
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Threads(1)
public class StaleCheckBenchmark {

	private static final byte[] KEEP = "keep\n".getBytes(StandardCharsets.US_ASCII);

	private static final byte[] CLOSE = "close\n".getBytes(StandardCharsets.US_ASCII);

	private static final InstrumentedConnectionFactory STARTER_CONNECTIONS = new InstrumentedConnectionFactory(
			ConnectionListener.NONE, ConnectionLifePolicy.fixed(Duration.ofMinutes(5)), () -> false);

	@Param({ "httpclient", "starter" })
	public String check;

	@Param({ "plain", "tls" })
	public String scheme;

	private Path directory;

	private SSLContext sslContext;

	private ServerSocket plainServer;

	private ServerSocket tlsServer;

	private final List<Socket> held = new CopyOnWriteArrayList<>();

	private final Semaphore closedByServer = new Semaphore(0);

	private ManagedHttpClientConnection live;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.directory = Files.createTempDirectory("stale-check");
		SelfSignedCertificate certificate = SelfSignedCertificate.create(this.directory);
		this.sslContext = sslContext(certificate);
		InetSocketAddress loopback = new InetSocketAddress(InetAddress.getLoopbackAddress(), 0);
		this.plainServer = new ServerSocket();
		this.plainServer.bind(loopback);
		this.tlsServer = this.sslContext.getServerSocketFactory().createServerSocket();
		this.tlsServer.bind(loopback);
		serve(this.plainServer);
		serve(this.tlsServer);
		this.live = connect(KEEP);
		if (this.live.isStale()) {
			throw new IllegalStateException("A live connection was found stale");
		}
	}

	@TearDown(Level.Trial)
	public void tearDown() throws IOException {
		this.live.close(CloseMode.IMMEDIATE);
		this.plainServer.close();
		this.tlsServer.close();
		for (Socket socket : this.held) {
			socket.close();
		}
		try (var files = Files.walk(this.directory)) {
			files.sorted((a, b) -> b.compareTo(a)).forEach((file) -> file.toFile().delete());
		}
	}

	@Benchmark
	public boolean liveConnection() throws IOException {
		return this.live.isStale();
	}

	@Benchmark
	public boolean closedConnection(ClosedConnection closed) throws IOException {
		return closed.connection.isStale();
	}

	/**
	 * A connection the server closed after one exchange, new for every check.
	 */
	@State(Scope.Thread)
	public static class ClosedConnection {

		ManagedHttpClientConnection connection;

		@Setup(Level.Invocation)
		public void setUp(StaleCheckBenchmark benchmark) throws Exception {
			this.connection = benchmark.connect(CLOSE);
			if (!benchmark.closedByServer.tryAcquire(10, TimeUnit.SECONDS)) {
				throw new IllegalStateException("The server did not close the connection");
			}
			// the FIN crosses loopback in microseconds
			Thread.sleep(1);
		}

		@TearDown(Level.Invocation)
		public void tearDown() {
			if (!this.connection.isOpen()) {
				return;
			}
			try {
				if (!this.connection.isStale()) {
					throw new IllegalStateException("A closed connection was not found stale");
				}
			}
			catch (IOException ex) {
				// stale
			}
			this.connection.close(CloseMode.IMMEDIATE);
		}

	}

	ManagedHttpClientConnection connect(byte[] line) throws Exception {
		boolean tls = "tls".equals(this.scheme);
		boolean starter = "starter".equals(this.check);
		int port = (tls ? this.tlsServer : this.plainServer).getLocalPort();
		InetSocketAddress address = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
		// the starter's sockets are non-blocking channel sockets; HttpClient's own are plain
		Socket socket = starter ? InstrumentedConnectionFactory.createSocket() : new Socket();
		socket.connect(address, 5000);
		ManagedHttpClientConnection connection = (starter ? STARTER_CONNECTIONS
				: ManagedHttpClientConnectionFactory.INSTANCE).createConnection(null);
		Socket exchange = socket;
		if (tls) {
			SSLSocket sslSocket = (SSLSocket) this.sslContext.getSocketFactory()
				.createSocket(socket, "127.0.0.1", port, true);
			sslSocket.startHandshake();
			connection.bind(sslSocket, socket);
			exchange = sslSocket;
		}
		else {
			connection.bind(socket);
		}
		exchange.getOutputStream().write(line);
		exchange.getOutputStream().flush();
		readLine(exchange.getInputStream());
		return connection;
	}

	private void serve(ServerSocket server) {
		Thread acceptor = new Thread(() -> {
			while (!server.isClosed()) {
				try {
					Socket socket = server.accept();
					Thread connection = new Thread(() -> answer(socket), "stale-check-connection");
					connection.setDaemon(true);
					connection.start();
				}
				catch (IOException ex) {
					return;
				}
			}
		}, "stale-check-acceptor");
		acceptor.setDaemon(true);
		acceptor.start();
	}

	private void answer(Socket socket) {
		try {
			String line = readLine(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			out.write(KEEP);
			out.flush();
			if ("close".equals(line)) {
				socket.close();
				this.closedByServer.release();
			}
			else {
				this.held.add(socket);
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	private static String readLine(InputStream in) throws IOException {
		StringBuilder line = new StringBuilder();
		for (int b = in.read(); b != '\n'; b = in.read()) {
			if (b < 0) {
				throw new IOException("End of stream");
			}
			line.append((char) b);
		}
		return line.toString();
	}

	private static SSLContext sslContext(SelfSignedCertificate certificate) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		char[] password = certificate.password().toCharArray();
		try (InputStream in = Files.newInputStream(certificate.keyStore())) {
			store.load(in, password);
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(store, password);
		TrustManagerFactory trustManagers = TrustManagerFactory
			.getInstance(TrustManagerFactory.getDefaultAlgorithm());
		trustManagers.init(store);
		SSLContext context = SSLContext.getInstance("TLSv1.3");
		context.init(keyManagers.getKeyManagers(), trustManagers.getTrustManagers(), null);
		return context;
	}

}
