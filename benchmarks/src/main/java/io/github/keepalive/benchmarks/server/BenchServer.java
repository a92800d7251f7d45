package io.github.keepalive.benchmarks.server;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The loopback HTTP/1.1 server the comparison runs against, meant to run in a process of
 * its own so that the client's CPU time is measured alone. Blocking I/O, one thread per
 * connection (a connection carries one request at a time, so a delayed answer only
 * sleeps that connection's thread).
 * <ul>
 * <li>{@code GET /ping?delay=N}: a 200-byte body after N milliseconds (0 by default)</li>
 * <li>{@code GET /big?delay=N}: a 16 KiB body after N milliseconds</li>
 * <li>{@code &perInFlightUs=K} on either: an overloaded server, whose latency grows with
 * its concurrent requests: the answer comes after N ms + K µs × the requests in flight
 * when this one was read (itself included), so 50 requests in flight with N=10 and
 * K=1000 wait 60 ms each. The waits sleep, so the server's own CPU is not what slows it.</li>
 * <li>{@code &keep-alive-requests=N} on either: the connection closes after its N-th
 * response, which says {@code Connection: close} (as nginx's {@code keepalive_requests})</li>
 * </ul>
 * It listens on 127.0.0.1 only: HTTP, HTTPS (with the given PKCS12 key store) and a
 * control port that answers {@code STATS} with the connections each port accepted, the
 * requests served and the server's CPU time, and {@code SHUTDOWN}. Control connections are
 * not counted. The server stops when its standard input closes (its parent died), on
 * {@code SHUTDOWN}, or after {@code --max-lifetime} seconds.
 */
public final class BenchServer implements Closeable {

	/** Size of the {@code /ping} body. */
	public static final int PING_BODY_SIZE = 200;

	/** Size of the {@code /big} body. */
	public static final int BIG_BODY_SIZE = 16 * 1024;

	private static final int IDLE_TIMEOUT_MS = 75_000;

	private static final int MAX_HEADER_BYTES = 16 * 1024;

	private static final int MAX_DELAY_MS = 10_000;

	private final ServerSocket http;

	private final ServerSocket https;

	private final ServerSocket control;

	private final AtomicLong httpAccepts = new AtomicLong();

	private final AtomicLong httpsAccepts = new AtomicLong();

	private final AtomicLong requests = new AtomicLong();

	private final AtomicLong errors = new AtomicLong();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicLong delayNanos = new AtomicLong();

	private final AtomicInteger open = new AtomicInteger();

	private final Map<Socket, Boolean> connections = new ConcurrentHashMap<>();

	private final ThreadPoolExecutor workers;

	private final byte[] pingKeepAlive = response("200 OK", body(PING_BODY_SIZE), false);

	private final byte[] pingClose = response("200 OK", body(PING_BODY_SIZE), true);

	private final byte[] bigKeepAlive = response("200 OK", body(BIG_BODY_SIZE), false);

	private final byte[] bigClose = response("200 OK", body(BIG_BODY_SIZE), true);

	private final byte[] notFoundKeepAlive = response("404 Not Found", body(10), false);

	private final byte[] notFoundClose = response("404 Not Found", body(10), true);

	private volatile boolean closed;

	/**
	 * A server on 127.0.0.1; call {@link #start()} to accept connections.
	 * @param httpPort the HTTP port, 0 for any free one
	 * @param httpsPort the HTTPS port, 0 for any free one
	 * @param controlPort the control port, 0 for any free one
	 * @param keyStore the PKCS12 key store for HTTPS, or {@code null} for no HTTPS
	 * @param password the key store's password
	 * @throws Exception if a port cannot be bound or the key store read
	 */
	public BenchServer(int httpPort, int httpsPort, int controlPort, Path keyStore, char[] password)
			throws Exception {
		InetAddress loopback = InetAddress.getByName("127.0.0.1");
		this.http = new ServerSocket();
		this.http.setReuseAddress(true);
		this.http.bind(new InetSocketAddress(loopback, httpPort), 1024);
		if (keyStore != null) {
			SSLContext sslContext = sslContext(keyStore, password);
			this.https = sslContext.getServerSocketFactory().createServerSocket();
			this.https.setReuseAddress(true);
			this.https.bind(new InetSocketAddress(loopback, httpsPort), 1024);
			((SSLServerSocket) this.https).setUseClientMode(false);
		}
		else {
			this.https = null;
		}
		this.control = new ServerSocket();
		this.control.setReuseAddress(true);
		this.control.bind(new InetSocketAddress(loopback, controlPort), 16);
		AtomicInteger threads = new AtomicInteger();
		this.workers = new ThreadPoolExecutor(0, 4096, 30, TimeUnit.SECONDS, new SynchronousQueue<>(), (task) -> {
			Thread thread = new Thread(task, "conn-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

	private static SSLContext sslContext(Path keyStore, char[] password) throws Exception {
		KeyStore store = KeyStore.getInstance("PKCS12");
		try (InputStream in = new FileInputStream(keyStore.toFile())) {
			store.load(in, password);
		}
		KeyManagerFactory keyManagers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
		keyManagers.init(store, password);
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(keyManagers.getKeyManagers(), null, null);
		return context;
	}

	private static byte[] body(int size) {
		byte[] body = new byte[size];
		String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
		for (int i = 0; i < size; i++) {
			body[i] = (byte) ((i % 64 == 63) ? '\n' : alphabet.charAt(i % alphabet.length()));
		}
		return body;
	}

	public int httpPort() {
		return this.http.getLocalPort();
	}

	public int httpsPort() {
		return (this.https != null) ? this.https.getLocalPort() : -1;
	}

	public int controlPort() {
		return this.control.getLocalPort();
	}

	/**
	 * Starts the accept loops.
	 */
	public void start() {
		daemon("accept-http", () -> acceptLoop(this.http, this.httpAccepts));
		if (this.https != null) {
			daemon("accept-https", () -> acceptLoop(this.https, this.httpsAccepts));
		}
		daemon("control", this::controlLoop);
	}

	private static void daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		thread.start();
	}

	private void acceptLoop(ServerSocket server, AtomicLong accepts) {
		while (!this.closed) {
			Socket socket;
			try {
				socket = server.accept();
			}
			catch (IOException ex) {
				if (this.closed) {
					return;
				}
				this.errors.incrementAndGet();
				continue;
			}
			accepts.incrementAndGet();
			try {
				this.workers.execute(() -> serve(socket));
			}
			catch (RuntimeException ex) {
				this.errors.incrementAndGet();
				closeQuietly(socket);
			}
		}
	}

	private void serve(Socket socket) {
		this.open.incrementAndGet();
		this.connections.put(socket, Boolean.TRUE);
		try {
			socket.setTcpNoDelay(true);
			socket.setSoTimeout(IDLE_TIMEOUT_MS);
			InputStream in = socket.getInputStream();
			OutputStream out = socket.getOutputStream();
			byte[] buffer = new byte[MAX_HEADER_BYTES];
			int length = 0;
			int served = 0;
			while (!this.closed) {
				int end = headerEnd(buffer, length);
				while (end < 0) {
					if (length == buffer.length) {
						throw new IOException("Request header too large");
					}
					int read = in.read(buffer, length, buffer.length - length);
					if (read < 0) {
						return;
					}
					length += read;
					end = headerEnd(buffer, length);
				}
				Request request = Request.parse(buffer, end);
				int consumed = end + 4;
				long skip = request.contentLength;
				// Discard a request body, if any (the benchmark only sends GETs)
				int inBuffer = (int) Math.min(skip, length - consumed);
				consumed += inBuffer;
				skip -= inBuffer;
				while (skip > 0) {
					long skipped = in.skip(skip);
					if (skipped <= 0) {
						return;
					}
					skip -= skipped;
				}
				System.arraycopy(buffer, consumed, buffer, 0, length - consumed);
				length -= consumed;
				served++;
				boolean close = request.close
						|| (request.keepAliveRequests > 0 && served >= request.keepAliveRequests);
				int concurrent = this.inFlight.incrementAndGet();
				try {
					delay(request, concurrent);
					out.write(response(request.path, close));
					out.flush();
				}
				finally {
					this.inFlight.decrementAndGet();
				}
				this.requests.incrementAndGet();
				if (close) {
					return;
				}
			}
		}
		catch (SocketTimeoutException | SocketException ex) {
			// idle timeout or the client went away
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (IOException | RuntimeException ex) {
			if (!this.closed) {
				this.errors.incrementAndGet();
			}
		}
		finally {
			this.connections.remove(socket);
			this.open.decrementAndGet();
			closeQuietly(socket);
		}
	}

	private void delay(Request request, int concurrent) throws InterruptedException {
		long micros = Math.min(request.delayMs * 1000L + request.perInFlightUs * (long) concurrent,
				MAX_DELAY_MS * 1000L);
		if (micros > 0) {
			long start = System.nanoTime();
			TimeUnit.MICROSECONDS.sleep(micros);
			this.delayNanos.addAndGet(System.nanoTime() - start);
		}
	}

	private byte[] response(String path, boolean close) {
		return switch (path) {
			case "/ping" -> close ? this.pingClose : this.pingKeepAlive;
			case "/big" -> close ? this.bigClose : this.bigKeepAlive;
			default -> close ? this.notFoundClose : this.notFoundKeepAlive;
		};
	}

	private static byte[] response(String status, byte[] body, boolean close) {
		String head = "HTTP/1.1 " + status + "\r\nContent-Type: text/plain\r\nContent-Length: " + body.length
				+ (close ? "\r\nConnection: close" : "") + "\r\n\r\n";
		byte[] headBytes = head.getBytes(StandardCharsets.US_ASCII);
		byte[] response = Arrays.copyOf(headBytes, headBytes.length + body.length);
		System.arraycopy(body, 0, response, headBytes.length, body.length);
		return response;
	}

	private static int headerEnd(byte[] buffer, int length) {
		for (int i = 0; i + 3 < length; i++) {
			if (buffer[i] == '\r' && buffer[i + 1] == '\n' && buffer[i + 2] == '\r' && buffer[i + 3] == '\n') {
				return i;
			}
		}
		return -1;
	}

	private void controlLoop() {
		while (!this.closed) {
			try {
				Socket socket = this.control.accept();
				daemon("control-connection", () -> control(socket));
			}
			catch (IOException ex) {
				// closed, or the next control connection
			}
		}
	}

	private void control(Socket socket) {
		try (socket) {
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
			PrintStream writer = new PrintStream(socket.getOutputStream(), true, StandardCharsets.US_ASCII);
			String line;
			while ((line = reader.readLine()) != null) {
				String command = line.trim();
				if (command.equals("STATS")) {
					writer.println(stats());
				}
				else if (command.equals("SHUTDOWN")) {
					writer.println("BYE");
					close();
					return;
				}
				else {
					writer.println("ERROR unknown command");
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
	}

	/**
	 * The server's counters as {@code key=value} pairs separated by spaces.
	 * @return the counters
	 */
	public String stats() {
		return "httpAccepts=" + this.httpAccepts.get() + " httpsAccepts=" + this.httpsAccepts.get() + " requests="
				+ this.requests.get() + " open=" + this.open.get() + " errors=" + this.errors.get() + " cpuNanos="
				+ processCpuNanos() + " delayNanos=" + this.delayNanos.get();
	}

	static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return -1;
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.http);
		if (this.https != null) {
			closeQuietly(this.https);
		}
		closeQuietly(this.control);
		this.connections.keySet().forEach(BenchServer::closeQuietly);
		this.workers.shutdownNow();
	}

	private static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// ignore
		}
	}

	/**
	 * Starts a server and prints {@code READY http=<port> https=<port> control=<port>}.
	 * Options: {@code --http-port}, {@code --https-port}, {@code --control-port} (0 picks a
	 * free port), {@code --keystore} (PKCS12), {@code --storepass}, {@code --max-lifetime}
	 * (seconds, 3600 by default).
	 * @param args the options
	 * @throws Exception on failure to start
	 */
	public static void main(String[] args) throws Exception {
		Map<String, String> options = new ConcurrentHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		BenchServer server = new BenchServer(Integer.parseInt(options.getOrDefault("http-port", "0")),
				Integer.parseInt(options.getOrDefault("https-port", "0")),
				Integer.parseInt(options.getOrDefault("control-port", "0")),
				options.containsKey("keystore") ? Path.of(options.get("keystore")) : null,
				options.getOrDefault("storepass", "changeit").toCharArray());
		long maxLifetimeSeconds = Long.parseLong(options.getOrDefault("max-lifetime", "3600"));
		server.start();
		System.out.println("READY http=" + server.httpPort() + " https=" + server.httpsPort() + " control="
				+ server.controlPort());
		System.out.flush();
		daemon("stdin-watch", () -> {
			try {
				while (System.in.read() >= 0) {
					// the parent keeps stdin open while it needs the server
				}
			}
			catch (IOException ex) {
				// parent gone
			}
			server.close();
		});
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(maxLifetimeSeconds);
		while (!server.closed && System.nanoTime() < deadline) {
			Thread.sleep(200);
		}
		server.close();
		System.exit(0);
	}

	/**
	 * The parts of a request head the server acts on.
	 */
	static final class Request {

		final String path;

		final int delayMs;

		final int perInFlightUs;

		final int keepAliveRequests;

		final boolean close;

		final long contentLength;

		private Request(String path, int delayMs, int perInFlightUs, int keepAliveRequests, boolean close,
				long contentLength) {
			this.path = path;
			this.delayMs = delayMs;
			this.perInFlightUs = perInFlightUs;
			this.keepAliveRequests = keepAliveRequests;
			this.close = close;
			this.contentLength = contentLength;
		}

		static Request parse(byte[] buffer, int end) throws IOException {
			String head = new String(buffer, 0, end, StandardCharsets.ISO_8859_1);
			String[] lines = head.split("\r\n");
			String[] requestLine = lines[0].split(" ");
			if (requestLine.length != 3) {
				throw new IOException("Malformed request line: " + lines[0]);
			}
			String target = requestLine[1];
			boolean http10 = requestLine[2].equals("HTTP/1.0");
			boolean close = http10;
			long contentLength = 0;
			for (int i = 1; i < lines.length; i++) {
				String line = lines[i];
				int colon = line.indexOf(':');
				if (colon <= 0) {
					continue;
				}
				String name = line.substring(0, colon).trim();
				String value = line.substring(colon + 1).trim();
				if (name.equalsIgnoreCase("Connection")) {
					String lower = value.toLowerCase();
					if (lower.contains("close")) {
						close = true;
					}
					else if (lower.contains("keep-alive")) {
						close = false;
					}
				}
				else if (name.equalsIgnoreCase("Content-Length")) {
					contentLength = Long.parseLong(value);
				}
			}
			int query = target.indexOf('?');
			String path = (query >= 0) ? target.substring(0, query) : target;
			int delay = 0;
			int perInFlight = 0;
			int keepAliveRequests = 0;
			if (query >= 0) {
				for (String parameter : target.substring(query + 1).split("&")) {
					if (parameter.startsWith("delay=")) {
						delay = Integer.parseInt(parameter.substring("delay=".length()));
					}
					else if (parameter.startsWith("perInFlightUs=")) {
						perInFlight = Integer.parseInt(parameter.substring("perInFlightUs=".length()));
					}
					else if (parameter.startsWith("keep-alive-requests=")) {
						keepAliveRequests = Integer.parseInt(parameter.substring("keep-alive-requests=".length()));
					}
				}
			}
			return new Request(path, delay, perInFlight, keepAliveRequests, close, contentLength);
		}

	}

}
