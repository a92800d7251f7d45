package io.github.keepalive.test;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;

/**
 * A small HTTP/1.1 server on 127.0.0.1, plain or TLS, that counts what a client does to
 * it: TCP connections accepted, TLS handshakes completed or failed, connections open at
 * once, requests in flight at once, and every request with its headers. It answers
 * {@code 200} with the request's path as body, after {@code ?delay=<ms>} milliseconds when
 * asked (at most 10 s), and keeps connections alive unless the client sends
 * {@code Connection: close}.
 */
public final class CountingHttpServer implements Closeable {

	private static final int MAX_DELAY_MILLIS = 10_000;

	private static final int IDLE_READ_TIMEOUT_MILLIS = 15_000;

	private final ServerSocket serverSocket;

	private final ExecutorService executor = Executors.newCachedThreadPool((runnable) -> {
		Thread thread = new Thread(runnable, "counting-http-server");
		thread.setDaemon(true);
		return thread;
	});

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger handshakes = new AtomicInteger();

	private final List<Exception> handshakeFailures = new CopyOnWriteArrayList<>();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger maxOpen = new AtomicInteger();

	private final AtomicInteger inFlight = new AtomicInteger();

	private final AtomicInteger maxInFlight = new AtomicInteger();

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private volatile boolean closed;

	private CountingHttpServer(ServerSocket serverSocket) {
		this.serverSocket = serverSocket;
		this.executor.execute(this::acceptLoop);
	}

	/**
	 * Starts a plain HTTP server on an ephemeral port of 127.0.0.1.
	 * @return the started server
	 * @throws IOException if the port cannot be bound
	 */
	public static CountingHttpServer http() throws IOException {
		return new CountingHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
	}

	/**
	 * Starts an HTTPS server on an ephemeral port of 127.0.0.1.
	 * @param sslContext the server's TLS context (its key and, for client
	 * authentication, its trusted client certificates)
	 * @param needClientAuth whether a client certificate is required
	 * @return the started server
	 * @throws IOException if the port cannot be bound
	 */
	public static CountingHttpServer https(SSLContext sslContext, boolean needClientAuth) throws IOException {
		SSLServerSocket socket = (SSLServerSocket) sslContext.getServerSocketFactory()
			.createServerSocket(0, 50, InetAddress.getLoopbackAddress());
		socket.setNeedClientAuth(needClientAuth);
		return new CountingHttpServer(socket);
	}

	public int getPort() {
		return this.serverSocket.getLocalPort();
	}

	/**
	 * The base URL, e.g. {@code http://127.0.0.1:12345}.
	 * @return the base URL
	 */
	public String url() {
		return ((this.serverSocket instanceof SSLServerSocket) ? "https" : "http") + "://127.0.0.1:" + getPort();
	}

	/** @return TCP connections accepted so far */
	public int accepted() {
		return this.accepted.get();
	}

	/** @return TLS handshakes completed so far */
	public int handshakes() {
		return this.handshakes.get();
	}

	/** @return TLS handshakes that failed, with the server's exception */
	public List<Exception> handshakeFailures() {
		return List.copyOf(this.handshakeFailures);
	}

	/** @return connections open right now */
	public int open() {
		return this.open.get();
	}

	/** @return the most connections that were open at once */
	public int maxOpen() {
		return this.maxOpen.get();
	}

	/** @return requests being handled right now */
	public int inFlight() {
		return this.inFlight.get();
	}

	/** @return the most requests that were handled at once */
	public int maxInFlight() {
		return this.maxInFlight.get();
	}

	/** @return every request received so far, in arrival order */
	public List<Request> requests() {
		return List.copyOf(this.requests);
	}

	/**
	 * Waits until the condition holds.
	 * @param condition the condition
	 * @param timeout how long to wait at most
	 * @return whether the condition held in time
	 */
	public static boolean await(BooleanSupplier condition, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				return false;
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return false;
			}
		}
		return true;
	}

	private void acceptLoop() {
		while (!this.closed) {
			try {
				Socket socket = this.serverSocket.accept();
				this.accepted.incrementAndGet();
				this.maxOpen.accumulateAndGet(this.open.incrementAndGet(), Math::max);
				this.sockets.add(socket);
				this.executor.execute(() -> serve(socket));
			}
			catch (IOException | RuntimeException ex) {
				// closed, or a failed accept: the loop ends when the server is closed
			}
		}
	}

	private void serve(Socket socket) {
		try (socket) {
			socket.setSoTimeout(IDLE_READ_TIMEOUT_MILLIS);
			socket.setTcpNoDelay(true);
			if (socket instanceof SSLSocket sslSocket) {
				try {
					sslSocket.startHandshake();
					this.handshakes.incrementAndGet();
				}
				catch (IOException ex) {
					this.handshakeFailures.add(ex);
					return;
				}
			}
			InputStream in = new BufferedInputStream(socket.getInputStream());
			OutputStream out = socket.getOutputStream();
			for (int served = 0; served < 100_000 && !this.closed; served++) {
				Request request = readRequest(in, socket.getPort());
				if (request == null) {
					return;
				}
				this.requests.add(request);
				this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
				try {
					respond(request, out);
				}
				finally {
					this.inFlight.decrementAndGet();
				}
				if ("close".equalsIgnoreCase(request.header("Connection"))) {
					return;
				}
			}
		}
		catch (IOException ex) {
			// the client went away
		}
		finally {
			this.sockets.remove(socket);
			this.open.decrementAndGet();
		}
	}

	private void respond(Request request, OutputStream out) throws IOException {
		int delay = Math.min(request.queryInt("delay"), MAX_DELAY_MILLIS);
		if (delay > 0) {
			try {
				Thread.sleep(delay);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new SocketException("interrupted");
			}
		}
		byte[] body = request.path().getBytes(StandardCharsets.UTF_8);
		String head = "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + body.length + "\r\n\r\n";
		// one write: a head and body sent apart meet Nagle's algorithm and a delayed ACK
		ByteArrayOutputStream response = new ByteArrayOutputStream();
		response.write(head.getBytes(StandardCharsets.ISO_8859_1));
		response.write(body);
		out.write(response.toByteArray());
		out.flush();
	}

	static Request readRequest(InputStream in, int clientPort) throws IOException {
		String requestLine = readLine(in);
		if (requestLine == null || requestLine.isEmpty()) {
			return null;
		}
		String[] parts = requestLine.split(" ");
		if (parts.length != 3) {
			throw new IOException("Malformed request line: " + requestLine);
		}
		Map<String, String> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
		for (int i = 0; i < 200; i++) {
			String line = readLine(in);
			if (line == null) {
				return null;
			}
			if (line.isEmpty()) {
				break;
			}
			int colon = line.indexOf(':');
			if (colon > 0) {
				headers.merge(line.substring(0, colon).trim(), line.substring(colon + 1).trim(),
						(a, b) -> a + ", " + b);
			}
		}
		String length = headers.get("Content-Length");
		byte[] body = (length != null) ? in.readNBytes(Integer.parseInt(length)) : new byte[0];
		return new Request(parts[0], parts[1], Collections.unmodifiableMap(headers), body, clientPort);
	}

	private static String readLine(InputStream in) throws IOException {
		ByteArrayOutputStream line = new ByteArrayOutputStream();
		for (int i = 0; i < 16_384; i++) {
			int b = in.read();
			if (b == -1) {
				return (line.size() > 0) ? line.toString(StandardCharsets.ISO_8859_1) : null;
			}
			if (b == '\n') {
				String text = line.toString(StandardCharsets.ISO_8859_1);
				return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
			}
			line.write(b);
		}
		throw new IOException("Line too long");
	}

	@Override
	public void close() {
		this.closed = true;
		shutDown(this.serverSocket, this.sockets, this.executor);
	}

	/**
	 * Stops a loopback server: no more accepts, every open connection closed, its threads
	 * stopped.
	 */
	static void shutDown(ServerSocket serverSocket, Set<Socket> sockets, ExecutorService executor) {
		try {
			serverSocket.close();
		}
		catch (IOException ex) {
			// ignore
		}
		new ArrayList<>(sockets).forEach((socket) -> {
			try {
				socket.close();
			}
			catch (IOException ex) {
				// ignore
			}
		});
		executor.shutdownNow();
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * A request as the server saw it.
	 *
	 * @param method the method
	 * @param target the request target (a path, or an absolute URI when sent to a proxy)
	 * @param headers the headers, names case-insensitive, repeated headers joined by ", "
	 * @param body the body
	 * @param clientPort the client's port, which tells connections apart
	 */
	public record Request(String method, String target, Map<String, String> headers, byte[] body, int clientPort) {

		/**
		 * A header's value.
		 * @param name the header's name, in any case
		 * @return the value, or {@code null}
		 */
		public String header(String name) {
			return this.headers.get(name);
		}

		/** @return the path of the target, without the query */
		public String path() {
			return URI.create(this.target).getRawPath();
		}

		int queryInt(String name) {
			String query = URI.create(this.target).getRawQuery();
			if (query != null) {
				for (String pair : query.split("&")) {
					if (pair.startsWith(name + "=")) {
						return Integer.parseInt(pair.substring(name.length() + 1));
					}
				}
			}
			return 0;
		}

	}

}
