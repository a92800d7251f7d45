package io.github.keepalive.test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

/**
 * A raw-socket HTTP/1.1 server on {@code 127.0.0.1} for tests that need to know what the
 * server saw: connections accepted, open at once and closed by either side, and requests
 * received. It keeps connections alive unless told otherwise and can inject the faults
 * real servers and load balancers produce: idle connections closed with a FIN or a RST,
 * connections closed right after a response, {@code Connection: close} every K requests,
 * truncated and stalled responses, a closed listener and a restart on the same port.
 * <p>
 * Every setting can be changed while the server runs; it applies to the next request (or
 * the next idle period). One platform thread serves each connection.
 */
public final class LoopbackHttpServer implements AutoCloseable {

	/** How long a stalling fault holds a connection at most. */
	private static final Duration MAX_STALL = Duration.ofSeconds(30);

	/** How long the server waits for the rest of a request once its first byte arrived. */
	private static final int REQUEST_READ_TIMEOUT_MILLIS = 10_000;

	private static final int MAX_RECORDED_REQUESTS = 10_000;

	private static final int MAX_RECORDED_BODY = 64 * 1024;

	/**
	 * How the server closes a connection.
	 */
	public enum CloseMode {

		/** An orderly close: the client reads end-of-stream. */
		FIN,

		/** An abortive close ({@code SO_LINGER} 0): the client gets "connection reset". */
		RST

	}

	/**
	 * A fault injected into the response to one request.
	 */
	public enum Fault {

		/** Respond normally, then close the connection (FIN) without announcing it. */
		CLOSE_AFTER_RESPONSE,

		/** Respond with {@code Connection: close}, then close the connection. */
		CONNECTION_CLOSE,

		/** Send the headers and half the body, then close the connection (FIN). */
		TRUNCATE_BODY,

		/** Read the request, send nothing for the stall time, then close (FIN). */
		STALL_BEFORE_HEADERS,

		/** Send the headers and half the body, stall, then close (FIN). */
		STALL_MID_BODY,

		/** Read the request, then reset the connection (RST) instead of responding. */
		RESET_BEFORE_RESPONSE

	}

	private final AtomicInteger connectionIds = new AtomicInteger();

	private final AtomicInteger accepted = new AtomicInteger();

	private final AtomicInteger open = new AtomicInteger();

	private final AtomicInteger maxOpen = new AtomicInteger();

	private final AtomicInteger closedByClient = new AtomicInteger();

	private final AtomicInteger closedByServer = new AtomicInteger();

	private final AtomicInteger requests = new AtomicInteger();

	private final AtomicInteger responses = new AtomicInteger();

	private final AtomicInteger connectionCloseRequests = new AtomicInteger();

	private final Map<String, AtomicInteger> requestsByMethod = new ConcurrentHashMap<>();

	private final Deque<RecordedRequest> recorded = new ArrayDeque<>();

	private final Set<Connection> connections = ConcurrentHashMap.newKeySet();

	private final List<FaultRule> faultRules = new CopyOnWriteArrayList<>();

	private final Map<String, String> responseHeaders = new ConcurrentHashMap<>();

	private volatile Consumer<RecordedRequest> requestListener = (request) -> {
	};

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final ExecutorService executor;

	private final int port;

	private volatile ServerSocket listener;

	private volatile Thread acceptThread;

	private volatile int status = 200;

	private volatile byte[] responseBody = "ok".getBytes(StandardCharsets.UTF_8);

	private volatile String contentType = "text/plain;charset=UTF-8";

	private volatile Duration responseDelay = Duration.ZERO;

	private volatile Duration stallTime = MAX_STALL;

	private volatile Duration idleCloseAfter;

	private volatile CloseMode idleCloseMode = CloseMode.FIN;

	private volatile int connectionCloseEvery;

	private volatile CountDownLatch responseGate = new CountDownLatch(0);

	private LoopbackHttpServer() {
		try {
			this.listener = bind(0);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.port = this.listener.getLocalPort();
		this.executor = Executors.newCachedThreadPool(threadFactory("loopback-http-" + this.port + "-"));
		startAccepting();
	}

	/**
	 * Starts a server on an ephemeral port of {@code 127.0.0.1}.
	 * @return the running server
	 */
	public static LoopbackHttpServer start() {
		return new LoopbackHttpServer();
	}

	// ---------------------------------------------------------------- configuration

	/**
	 * Sets the status of every response.
	 * @param status the status code
	 * @return this server
	 */
	public LoopbackHttpServer status(int status) {
		this.status = status;
		return this;
	}

	/**
	 * Sets the body of every response.
	 * @param body the body
	 * @return this server
	 */
	public LoopbackHttpServer responseBody(String body) {
		this.responseBody = body.getBytes(StandardCharsets.UTF_8);
		return this;
	}

	/**
	 * Sets the content type of every response.
	 * @param contentType the content type
	 * @return this server
	 */
	public LoopbackHttpServer contentType(String contentType) {
		this.contentType = contentType;
		return this;
	}

	/**
	 * Makes every response body {@code size} bytes long.
	 * @param size the body size in bytes
	 * @return this server
	 */
	public LoopbackHttpServer responseSize(int size) {
		byte[] body = new byte[size];
		Arrays.fill(body, (byte) 'x');
		this.responseBody = body;
		return this;
	}

	/**
	 * Delays every response by the given time after its request was read.
	 * @param delay the delay
	 * @return this server
	 */
	public LoopbackHttpServer responseDelay(Duration delay) {
		this.responseDelay = delay;
		return this;
	}

	/**
	 * Adds a header to every response, e.g. {@code Keep-Alive: timeout=1}.
	 * @param name the header name
	 * @param value the header value
	 * @return this server
	 */
	public LoopbackHttpServer responseHeader(String name, String value) {
		this.responseHeaders.put(name, value);
		return this;
	}

	/**
	 * Closes a connection that stayed idle (no new request) this long.
	 * @param idle the idle time, or {@code null} to keep idle connections forever
	 * @param mode how to close it
	 * @return this server
	 */
	public LoopbackHttpServer closeIdleConnectionsAfter(Duration idle, CloseMode mode) {
		this.idleCloseAfter = idle;
		this.idleCloseMode = mode;
		return this;
	}

	/**
	 * Answers every K-th request of a connection with {@code Connection: close} and closes
	 * the connection after it.
	 * @param k the number of requests per connection, or 0 for never
	 * @return this server
	 */
	public LoopbackHttpServer connectionCloseEvery(int k) {
		this.connectionCloseEvery = k;
		return this;
	}

	/**
	 * How long the stalling faults hold a connection before closing it (at most 30s).
	 * @param stall the stall time
	 * @return this server
	 */
	public LoopbackHttpServer stallTime(Duration stall) {
		this.stallTime = (stall.compareTo(MAX_STALL) > 0) ? MAX_STALL : stall;
		return this;
	}

	/**
	 * Injects a fault into the response to every following request.
	 * @param fault the fault
	 * @return this server
	 */
	public LoopbackHttpServer inject(Fault fault) {
		return inject(fault, (request) -> true, Integer.MAX_VALUE);
	}

	/**
	 * Injects a fault into the responses to the next {@code times} requests.
	 * @param fault the fault
	 * @param times how many responses to spoil
	 * @return this server
	 */
	public LoopbackHttpServer inject(Fault fault, int times) {
		return inject(fault, (request) -> true, times);
	}

	/**
	 * Injects a fault into the response to every following request that matches.
	 * @param fault the fault
	 * @param when which requests to spoil
	 * @return this server
	 */
	public LoopbackHttpServer inject(Fault fault, Predicate<RecordedRequest> when) {
		return inject(fault, when, Integer.MAX_VALUE);
	}

	private LoopbackHttpServer inject(Fault fault, Predicate<RecordedRequest> when, int times) {
		this.faultRules.add(new FaultRule(fault, when, new AtomicInteger(times)));
		return this;
	}

	/**
	 * Calls the listener with every request received (on the connection's thread), for
	 * tests that need more than the last 10,000 requests.
	 * @param listener the listener
	 * @return this server
	 */
	public LoopbackHttpServer onRequest(Consumer<RecordedRequest> listener) {
		this.requestListener = listener;
		return this;
	}

	/**
	 * Removes every injected fault.
	 * @return this server
	 */
	public LoopbackHttpServer clearFaults() {
		this.faultRules.clear();
		return this;
	}

	/**
	 * Holds every response (after its request was read and counted) until
	 * {@link #releaseResponses()} or {@link #close()}, at most 30 seconds.
	 * @return this server
	 */
	public LoopbackHttpServer holdResponses() {
		this.responseGate = new CountDownLatch(1);
		return this;
	}

	/**
	 * Lets held responses, and every later one, go.
	 * @return this server
	 */
	public LoopbackHttpServer releaseResponses() {
		this.responseGate.countDown();
		return this;
	}

	// ---------------------------------------------------------------- control

	/**
	 * Closes the listening socket: new connections are refused, open ones stay.
	 */
	public synchronized void stopAccepting() {
		closeQuietly(this.listener);
		Thread thread = this.acceptThread;
		if (thread != null) {
			join(thread);
		}
	}

	/**
	 * Listens on the same port again after {@link #stopAccepting()}.
	 */
	public synchronized void resumeAccepting() {
		if (!this.listener.isClosed()) {
			return;
		}
		try {
			this.listener = bind(this.port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		startAccepting();
	}

	/**
	 * Closes every open connection.
	 * @param mode how to close them
	 */
	public void closeAllConnections(CloseMode mode) {
		// a snapshot: connections accepted meanwhile are not part of this sweep
		for (Connection connection : List.copyOf(this.connections)) {
			connection.closeByServer(mode);
		}
	}

	/**
	 * Simulates a server restart on the same port: stops listening, closes every
	 * connection (FIN), waits until they are gone and listens again.
	 */
	public void restart() {
		stopAccepting();
		closeAllConnections(CloseMode.FIN);
		awaitOpenConnections(0, Duration.ofSeconds(5));
		resumeAccepting();
	}

	/**
	 * Stops the server: closes the listener and every connection and ends its threads.
	 */
	@Override
	public void close() {
		this.stopped.countDown();
		this.responseGate.countDown();
		stopAccepting();
		closeAllConnections(CloseMode.FIN);
		this.executor.shutdownNow();
		try {
			this.executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	// ---------------------------------------------------------------- what the server saw

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int getPort() {
		return this.port;
	}

	/**
	 * The server's base URL, {@code http://127.0.0.1:<port>}.
	 * @return the base URL
	 */
	public String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * An absolute URL on this server.
	 * @param path the path, starting with {@code /}
	 * @return the URL
	 */
	public String url(String path) {
		return baseUrl() + path;
	}

	/** @return connections accepted since the server started */
	public int acceptedConnections() {
		return this.accepted.get();
	}

	/** @return connections open now */
	public int openConnections() {
		return this.open.get();
	}

	/** @return the most connections that were open at once */
	public int maxOpenConnections() {
		return this.maxOpen.get();
	}

	/**
	 * Restarts the "most open at once" count from the connections open now.
	 */
	public void resetMaxOpenConnections() {
		this.maxOpen.set(this.open.get());
	}

	/** @return connections the client closed (the server read end-of-stream or a reset) */
	public int connectionsClosedByClient() {
		return this.closedByClient.get();
	}

	/** @return connections the server closed (faults, idle close, Connection: close) */
	public int connectionsClosedByServer() {
		return this.closedByServer.get();
	}

	/** @return requests received (read completely, body included) */
	public int requests() {
		return this.requests.get();
	}

	/**
	 * Requests received with the given method.
	 * @param method the method, e.g. {@code POST}
	 * @return the count
	 */
	public int requests(String method) {
		AtomicInteger count = this.requestsByMethod.get(method);
		return (count != null) ? count.get() : 0;
	}

	/** @return complete responses sent */
	public int responses() {
		return this.responses.get();
	}

	/** @return requests that carried {@code Connection: close} */
	public int connectionCloseRequests() {
		return this.connectionCloseRequests.get();
	}

	/**
	 * The requests received, oldest first (the last 10,000).
	 * @return the requests
	 */
	public List<RecordedRequest> recordedRequests() {
		synchronized (this.recorded) {
			return new ArrayList<>(this.recorded);
		}
	}

	/**
	 * The most recent request.
	 * @return the request
	 * @throws AssertionError if there was none
	 */
	public RecordedRequest lastRequest() {
		synchronized (this.recorded) {
			if (this.recorded.isEmpty()) {
				throw new AssertionError("The server received no request");
			}
			return this.recorded.getLast();
		}
	}

	/**
	 * Waits until exactly {@code expected} connections are open.
	 * @param expected the number of open connections
	 * @param timeout how long to wait at most
	 * @throws AssertionError on timeout
	 */
	public void awaitOpenConnections(int expected, Duration timeout) {
		await("open connections", this::openConnections, expected, timeout);
	}

	/**
	 * Waits until at least {@code expected} requests were received.
	 * @param expected the number of requests
	 * @param timeout how long to wait at most
	 * @throws AssertionError on timeout
	 */
	public void awaitRequests(int expected, Duration timeout) {
		awaitAtLeast("requests", this::requests, expected, timeout);
	}

	/**
	 * Waits until at least {@code expected} connections were closed by the client.
	 * @param expected the number of connections
	 * @param timeout how long to wait at most
	 * @throws AssertionError on timeout
	 */
	public void awaitConnectionsClosedByClient(int expected, Duration timeout) {
		awaitAtLeast("connections closed by the client", this::connectionsClosedByClient, expected, timeout);
	}

	/**
	 * Waits until at least {@code expected} connections were closed by the server.
	 * @param expected the number of connections
	 * @param timeout how long to wait at most
	 * @throws AssertionError on timeout
	 */
	public void awaitConnectionsClosedByServer(int expected, Duration timeout) {
		awaitAtLeast("connections closed by the server", this::connectionsClosedByServer, expected, timeout);
	}

	private void await(String what, IntSupplier actual, int expected, Duration timeout) {
		poll(what + " == " + expected, () -> actual.getAsInt() == expected, timeout);
	}

	private void awaitAtLeast(String what, IntSupplier actual, int expected, Duration timeout) {
		poll(what + " >= " + expected, () -> actual.getAsInt() >= expected, timeout);
	}

	private void poll(String condition, java.util.function.BooleanSupplier done, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!done.getAsBoolean()) {
			if (System.nanoTime() - deadline > 0) {
				throw new AssertionError("Timed out after " + timeout + " waiting for " + condition + ": " + this);
			}
			try {
				Thread.sleep(5);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted waiting for " + condition, ex);
			}
		}
	}

	@Override
	public String toString() {
		return "LoopbackHttpServer[port=" + this.port + ", accepted=" + acceptedConnections() + ", open="
				+ openConnections() + ", maxOpen=" + maxOpenConnections() + ", closedByClient="
				+ connectionsClosedByClient() + ", closedByServer=" + connectionsClosedByServer() + ", requests="
				+ requests() + " " + new java.util.TreeMap<>(this.requestsByMethod) + ", responses=" + responses()
				+ "]";
	}

	// ---------------------------------------------------------------- internals

	private static ServerSocket bind(int port) throws IOException {
		ServerSocket socket = new ServerSocket();
		socket.setReuseAddress(true);
		socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
		return socket;
	}

	private void startAccepting() {
		ServerSocket socket = this.listener;
		Thread thread = new Thread(() -> acceptLoop(socket), "loopback-http-" + this.port + "-accept");
		thread.setDaemon(true);
		this.acceptThread = thread;
		thread.start();
	}

	private void acceptLoop(ServerSocket listener) {
		while (!listener.isClosed()) {
			Socket socket;
			try {
				socket = listener.accept();
			}
			catch (IOException ex) {
				return;
			}
			Connection connection = new Connection(this.connectionIds.incrementAndGet(), socket);
			this.accepted.incrementAndGet();
			this.maxOpen.accumulateAndGet(this.open.incrementAndGet(), Math::max);
			this.connections.add(connection);
			try {
				this.executor.execute(connection);
			}
			catch (RuntimeException ex) {
				connection.closeByServer(CloseMode.FIN);
				connection.ended();
			}
		}
	}

	private void record(RecordedRequest request) {
		this.requests.incrementAndGet();
		this.requestsByMethod.computeIfAbsent(request.method(), (key) -> new AtomicInteger()).incrementAndGet();
		if ("close".equalsIgnoreCase(request.header("Connection"))) {
			this.connectionCloseRequests.incrementAndGet();
		}
		this.requestListener.accept(request);
		synchronized (this.recorded) {
			if (this.recorded.size() == MAX_RECORDED_REQUESTS) {
				this.recorded.removeFirst();
			}
			this.recorded.addLast(request);
		}
	}

	private Fault faultFor(RecordedRequest request) {
		for (FaultRule rule : this.faultRules) {
			if (rule.when().test(request) && rule.remaining().getAndDecrement() > 0) {
				return rule.fault();
			}
		}
		return null;
	}

	/**
	 * Waits for the given time or until the server stops.
	 * @return whether the server is still running
	 */
	private boolean pause(Duration duration) {
		if (duration.isZero() || duration.isNegative()) {
			return this.stopped.getCount() > 0;
		}
		try {
			return !this.stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private static ThreadFactory threadFactory(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	private static void join(Thread thread) {
		try {
			thread.join(5000);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeQuietly(java.io.Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// ignore
		}
	}

	private static String reason(int status) {
		return switch (status) {
			case 200 -> "OK";
			case 201 -> "Created";
			case 204 -> "No Content";
			case 404 -> "Not Found";
			case 500 -> "Internal Server Error";
			case 503 -> "Service Unavailable";
			default -> "Status";
		};
	}

	private record FaultRule(Fault fault, Predicate<RecordedRequest> when, AtomicInteger remaining) {

	}

	/**
	 * A request as the server received it.
	 *
	 * @param connectionId the id of the connection it came on (1 for the first accepted)
	 * @param sequence its position on that connection (1 for the first)
	 * @param method the method
	 * @param target the request target, e.g. {@code /path?query}
	 * @param headers the headers, names in lower case
	 * @param body the body (the first 64 KB)
	 */
	public record RecordedRequest(int connectionId, int sequence, String method, String target,
			Map<String, List<String>> headers, byte[] body) {

		/**
		 * The first value of a header.
		 * @param name the header name, any case
		 * @return the value or {@code null}
		 */
		public String header(String name) {
			List<String> values = this.headers.get(name.toLowerCase(Locale.ROOT));
			return (values != null && !values.isEmpty()) ? values.get(0) : null;
		}

		/**
		 * The body as UTF-8 text.
		 * @return the body
		 */
		public String bodyAsString() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

	private final class Connection implements Runnable {

		private final int id;

		private final Socket socket;

		/** Set once the end of the connection was counted, as closed by the client or the server. */
		private final AtomicBoolean closeCounted = new AtomicBoolean();

		private final AtomicBoolean ended = new AtomicBoolean();

		Connection(int id, Socket socket) {
			this.id = id;
			this.socket = socket;
		}

		@Override
		public void run() {
			try {
				this.socket.setTcpNoDelay(true);
				InputStream in = new BufferedInputStream(this.socket.getInputStream());
				OutputStream out = new BufferedOutputStream(this.socket.getOutputStream());
				int sequence = 0;
				while (true) {
					int first = awaitNextRequest(in);
					if (first == -1) {
						return;
					}
					this.socket.setSoTimeout(REQUEST_READ_TIMEOUT_MILLIS);
					RecordedRequest request = readRequest(first, in, ++sequence);
					record(request);
					if (!respond(request, in, out)) {
						return;
					}
				}
			}
			catch (IOException ex) {
				// The client went away mid-exchange (or the server closed the socket)
				if (!this.closeCounted.get()) {
					clientClosed();
				}
			}
			finally {
				closeQuietly(this.socket);
				ended();
			}
		}

		/**
		 * Waits for the first byte of the next request.
		 * @return the byte, or -1 when the connection is over
		 */
		private int awaitNextRequest(InputStream in) throws IOException {
			Duration idle = LoopbackHttpServer.this.idleCloseAfter;
			this.socket.setSoTimeout((idle != null) ? (int) Math.max(1, idle.toMillis()) : 0);
			try {
				int first = in.read();
				if (first == -1) {
					clientClosed();
				}
				return first;
			}
			catch (SocketTimeoutException ex) {
				closeByServer(LoopbackHttpServer.this.idleCloseMode);
				return -1;
			}
			catch (IOException ex) {
				if (!this.closeCounted.get()) {
					clientClosed();
				}
				return -1;
			}
		}

		private RecordedRequest readRequest(int first, InputStream in, int sequence) throws IOException {
			String requestLine = (char) first + readLine(in);
			String[] parts = requestLine.split(" ");
			if (parts.length != 3) {
				closeByServer(CloseMode.FIN);
				throw new IOException("Malformed request line '" + requestLine + "'");
			}
			Map<String, List<String>> headers = new LinkedHashMap<>();
			for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
				int colon = line.indexOf(':');
				if (colon > 0) {
					headers.computeIfAbsent(line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
							(key) -> new ArrayList<>())
						.add(line.substring(colon + 1).trim());
				}
			}
			byte[] body = readBody(in, headers);
			return new RecordedRequest(this.id, sequence, parts[0], parts[1], Collections.unmodifiableMap(headers),
					body);
		}

		private byte[] readBody(InputStream in, Map<String, List<String>> headers) throws IOException {
			ByteArrayOutputStream body = new ByteArrayOutputStream();
			List<String> transferEncoding = headers.get("transfer-encoding");
			if (transferEncoding != null && transferEncoding.get(0).toLowerCase(Locale.ROOT).contains("chunked")) {
				while (true) {
					String sizeLine = readLine(in);
					int semicolon = sizeLine.indexOf(';');
					long size = Long.parseLong((semicolon >= 0) ? sizeLine.substring(0, semicolon).trim()
							: sizeLine.trim(), 16);
					if (size == 0) {
						while (!readLine(in).isEmpty()) {
							// trailers
						}
						break;
					}
					copy(in, body, size);
					readLine(in);
				}
			}
			else {
				List<String> contentLength = headers.get("content-length");
				if (contentLength != null) {
					copy(in, body, Long.parseLong(contentLength.get(0)));
				}
			}
			return body.toByteArray();
		}

		private void copy(InputStream in, ByteArrayOutputStream body, long size) throws IOException {
			byte[] buffer = new byte[8192];
			long remaining = size;
			while (remaining > 0) {
				int read = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
				if (read == -1) {
					throw new IOException("End of stream in request body");
				}
				if (body.size() < MAX_RECORDED_BODY) {
					body.write(buffer, 0, (int) Math.min(read, MAX_RECORDED_BODY - body.size()));
				}
				remaining -= read;
			}
		}

		private String readLine(InputStream in) throws IOException {
			StringBuilder line = new StringBuilder();
			while (true) {
				int b = in.read();
				if (b == -1) {
					throw new IOException("End of stream in request head");
				}
				if (b == '\n') {
					int length = line.length();
					if (length > 0 && line.charAt(length - 1) == '\r') {
						line.setLength(length - 1);
					}
					return line.toString();
				}
				line.append((char) b);
			}
		}

		/**
		 * Sends the response to one request.
		 * @return whether the connection stays open
		 */
		private boolean respond(RecordedRequest request, InputStream in, OutputStream out) throws IOException {
			Fault fault = faultFor(request);
			int every = LoopbackHttpServer.this.connectionCloseEvery;
			boolean close = "close".equalsIgnoreCase(request.header("Connection"))
					|| (every > 0 && request.sequence() % every == 0) || fault == Fault.CONNECTION_CLOSE;
			try {
				if (!LoopbackHttpServer.this.responseGate.await(MAX_STALL.toMillis(), TimeUnit.MILLISECONDS)) {
					closeByServer(CloseMode.FIN);
					return false;
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				closeByServer(CloseMode.FIN);
				return false;
			}
			if (fault == Fault.RESET_BEFORE_RESPONSE) {
				closeByServer(CloseMode.RST);
				return false;
			}
			if (fault == Fault.STALL_BEFORE_HEADERS) {
				stall(in);
				return false;
			}
			if (!pause(LoopbackHttpServer.this.responseDelay)) {
				return false;
			}
			byte[] body = "HEAD".equals(request.method()) ? new byte[0] : LoopbackHttpServer.this.responseBody;
			StringBuilder head = new StringBuilder();
			int status = LoopbackHttpServer.this.status;
			head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
			head.append("Content-Type: ").append(LoopbackHttpServer.this.contentType).append("\r\n");
			head.append("Content-Length: ").append(LoopbackHttpServer.this.responseBody.length).append("\r\n");
			LoopbackHttpServer.this.responseHeaders
				.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
			if (close) {
				head.append("Connection: close\r\n");
			}
			head.append("\r\n");
			out.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
			if (fault == Fault.TRUNCATE_BODY || fault == Fault.STALL_MID_BODY) {
				out.write(body, 0, body.length / 2);
				out.flush();
				if (fault == Fault.STALL_MID_BODY) {
					stall(in);
				}
				else {
					closeByServer(CloseMode.FIN);
				}
				return false;
			}
			out.write(body);
			out.flush();
			LoopbackHttpServer.this.responses.incrementAndGet();
			if (close || fault == Fault.CLOSE_AFTER_RESPONSE) {
				closeByServer(CloseMode.FIN);
				return false;
			}
			return true;
		}

		/**
		 * Sends nothing for the stall time, noticing when the client gives up, then closes
		 * the connection.
		 */
		private void stall(InputStream in) throws IOException {
			long deadline = System.nanoTime() + LoopbackHttpServer.this.stallTime.toNanos();
			this.socket.setSoTimeout(20);
			while (System.nanoTime() - deadline < 0 && LoopbackHttpServer.this.stopped.getCount() > 0) {
				try {
					if (in.read() == -1) {
						clientClosed();
						return;
					}
				}
				catch (SocketTimeoutException ex) {
					// still there
				}
			}
			closeByServer(CloseMode.FIN);
		}

		private void clientClosed() {
			if (this.closeCounted.compareAndSet(false, true)) {
				LoopbackHttpServer.this.closedByClient.incrementAndGet();
			}
		}

		void closeByServer(CloseMode mode) {
			if (!this.closeCounted.compareAndSet(false, true)) {
				return;
			}
			LoopbackHttpServer.this.closedByServer.incrementAndGet();
			try {
				if (mode == CloseMode.RST) {
					this.socket.setSoLinger(true, 0);
				}
				this.socket.close();
			}
			catch (IOException ex) {
				// ignore
			}
		}

		void ended() {
			if (this.ended.compareAndSet(false, true)) {
				LoopbackHttpServer.this.connections.remove(this);
				LoopbackHttpServer.this.open.decrementAndGet();
			}
		}

	}

}
