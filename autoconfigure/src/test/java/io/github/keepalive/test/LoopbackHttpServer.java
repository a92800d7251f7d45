package io.github.keepalive.test;

import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.IntSupplier;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A raw-socket HTTP/1.1 server on {@code 127.0.0.1}, plain or TLS, for tests that need to
 * know what the server saw: connections accepted, open at once and closed by either side,
 * TLS handshakes, requests in flight at once, and the requests received. It keeps
 * connections alive unless told otherwise and can inject the faults real servers and load
 * balancers produce: idle connections closed with a FIN or a RST, connections closed right
 * after a response, {@code Connection: close} every K requests, truncated and stalled
 * responses, held responses, a closed listener, a restart on the same port and a rotated
 * certificate.
 * <p>
 * It answers {@code 200} with the body {@code ok}, or the request's path with
 * {@link #echoPath()}. A request can ask for a delay of its own with
 * {@code ?delay=<ms>} (at most 10 seconds); the server can add a delay that grows with
 * the requests in flight.
 * <p>
 * Every setting can be changed while the server runs; it applies to the next request (or
 * the next idle period). One platform thread serves each connection.
 * <p>
 * As a JUnit extension ({@link RegisterExtension @RegisterExtension}) the server closes
 * itself: after each test when registered in an instance field, after all tests when in a
 * static field.
 */
public final class LoopbackHttpServer implements AutoCloseable, BeforeAllCallback, AfterEachCallback, AfterAllCallback {

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

	private final LoopbackCounters counters = new LoopbackCounters();

	private final Set<LoopbackConnection> connections = ConcurrentHashMap.newKeySet();

	private final Responder responder = new Responder();

	private final CountDownLatch stopped = new CountDownLatch(1);

	private final LoopbackListener listener;

	private final ExecutorService executor;

	/** The unique id of the container whose "before all" callback came first, if any. */
	private volatile String registeredFor;

	private LoopbackHttpServer(SSLContext sslContext, boolean needClientAuth) {
		this.listener = new LoopbackListener(sslContext, needClientAuth, this::accepted);
		this.executor = Executors
			.newCachedThreadPool(LoopbackServers.daemonThreads("loopback-http-" + this.listener.port() + "-"));
		this.listener.start();
	}

	/**
	 * Starts a plain HTTP server on an ephemeral port of {@code 127.0.0.1}.
	 * @return the running server
	 */
	public static LoopbackHttpServer start() {
		return new LoopbackHttpServer(null, false);
	}

	/**
	 * Starts an HTTPS server on an ephemeral port of {@code 127.0.0.1}.
	 * @param sslContext the server's TLS context (its key and, for client authentication,
	 * its trusted client certificates)
	 * @param needClientAuth whether a client certificate is required
	 * @return the running server
	 */
	public static LoopbackHttpServer https(SSLContext sslContext, boolean needClientAuth) {
		return new LoopbackHttpServer(sslContext, needClientAuth);
	}

	// ---------------------------------------------------------------- configuration

	/**
	 * Sets the status of every response.
	 * @param status the status code
	 * @return this server
	 */
	public LoopbackHttpServer status(int status) {
		this.responder.status = status;
		return this;
	}

	/**
	 * Sets the body of every response.
	 * @param body the body
	 * @return this server
	 */
	public LoopbackHttpServer responseBody(String body) {
		this.responder.body = body.getBytes(StandardCharsets.UTF_8);
		this.responder.echoPath = false;
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
		this.responder.body = body;
		this.responder.echoPath = false;
		return this;
	}

	/**
	 * Answers every request with its path (without the query) as the body, so that a test
	 * can tell which request an answer belongs to.
	 * @return this server
	 */
	public LoopbackHttpServer echoPath() {
		this.responder.echoPath = true;
		return this;
	}

	/**
	 * Sets the content type of every response.
	 * @param contentType the content type
	 * @return this server
	 */
	public LoopbackHttpServer contentType(String contentType) {
		this.responder.contentType = contentType;
		return this;
	}

	/**
	 * Delays every response by the given time after its request was read.
	 * @param delay the delay
	 * @return this server
	 */
	public LoopbackHttpServer responseDelay(Duration delay) {
		this.responder.delay = delay;
		return this;
	}

	/**
	 * Delays every response, on top of the other delays, by the given time for each
	 * request in flight when it was read, itself included: a server whose latency grows
	 * with its concurrent requests, like an overloaded one.
	 * @param delay the delay per request in flight
	 * @return this server
	 */
	public LoopbackHttpServer responseDelayPerRequestInFlight(Duration delay) {
		this.responder.delayPerRequestInFlight = delay;
		return this;
	}

	/**
	 * Adds a header to every response, e.g. {@code Keep-Alive: timeout=1}.
	 * @param name the header name
	 * @param value the header value
	 * @return this server
	 */
	public LoopbackHttpServer responseHeader(String name, String value) {
		this.responder.headers.put(name, value);
		return this;
	}

	/**
	 * Closes a connection that stayed idle (no new request) this long.
	 * @param idle the idle time, or {@code null} to keep idle connections forever
	 * @param mode how to close it
	 * @return this server
	 */
	public LoopbackHttpServer closeIdleConnectionsAfter(Duration idle, CloseMode mode) {
		this.responder.idleCloseAfter = idle;
		this.responder.idleCloseMode = mode;
		return this;
	}

	/**
	 * Answers every K-th request of a connection with {@code Connection: close} and closes
	 * the connection after it.
	 * @param k the number of requests per connection, or 0 for never
	 * @return this server
	 */
	public LoopbackHttpServer connectionCloseEvery(int k) {
		this.responder.connectionCloseEvery = k;
		return this;
	}

	/**
	 * How long the stalling faults hold a connection before closing it (at most 30s).
	 * @param stall the stall time
	 * @return this server
	 */
	public LoopbackHttpServer stallTime(Duration stall) {
		this.responder.stallTime = (stall.compareTo(Responder.MAX_STALL) > 0) ? Responder.MAX_STALL : stall;
		return this;
	}

	/**
	 * Injects a fault into the response to every following request.
	 * @param fault the fault
	 * @return this server
	 */
	public LoopbackHttpServer inject(Fault fault) {
		this.responder.inject(fault, (request) -> true, Integer.MAX_VALUE);
		return this;
	}

	/**
	 * Injects a fault into the responses to the next {@code times} requests.
	 * @param fault the fault
	 * @param times how many responses to spoil
	 * @return this server
	 */
	public LoopbackHttpServer inject(Fault fault, int times) {
		this.responder.inject(fault, (request) -> true, times);
		return this;
	}

	/**
	 * Injects a fault into the response to every following request that matches.
	 * @param fault the fault
	 * @param when which requests to spoil
	 * @return this server
	 */
	public LoopbackHttpServer inject(Fault fault, Predicate<RecordedRequest> when) {
		this.responder.inject(fault, when, Integer.MAX_VALUE);
		return this;
	}

	/**
	 * Removes every injected fault.
	 * @return this server
	 */
	public LoopbackHttpServer clearFaults() {
		this.responder.clearFaults();
		return this;
	}

	/**
	 * Calls the listener with every request received (on the connection's thread), for
	 * tests that need more than the last 10,000 requests.
	 * @param listener the listener
	 * @return this server
	 */
	public LoopbackHttpServer onRequest(Consumer<RecordedRequest> listener) {
		this.counters.listener = listener;
		return this;
	}

	/**
	 * Holds every response (after its request was read and counted) until
	 * {@link #releaseResponses()} or {@link #close()}, at most 30 seconds.
	 * @return this server
	 */
	public LoopbackHttpServer holdResponses() {
		return holdResponses((request) -> true);
	}

	/**
	 * Holds the responses to the requests that match (after each was read and counted)
	 * until {@link #releaseResponses()} or {@link #close()}, at most 30 seconds; the others
	 * are answered as usual.
	 * @param which the requests whose responses to hold
	 * @return this server
	 */
	public LoopbackHttpServer holdResponses(Predicate<RecordedRequest> which) {
		this.responder.held = which;
		this.responder.gate = new CountDownLatch(1);
		return this;
	}

	/**
	 * Lets held responses, and every later one, go.
	 * @return this server
	 */
	public LoopbackHttpServer releaseResponses() {
		this.responder.gate.countDown();
		return this;
	}

	// ---------------------------------------------------------------- control

	/**
	 * Closes the listening socket: new connections are refused, open ones stay.
	 */
	public void stopAccepting() {
		this.listener.stop();
	}

	/**
	 * Listens on the same port again after {@link #stopAccepting()}.
	 */
	public void resumeAccepting() {
		this.listener.start();
	}

	/**
	 * Presents another certificate from now on, as a server does after a certificate
	 * rotation: stops listening and listens again on the same port with the given TLS
	 * context. Open connections stay as they are.
	 * @param sslContext the server's new TLS context
	 * @throws IllegalStateException if this is a plain HTTP server
	 */
	public void rotateTls(SSLContext sslContext) {
		this.listener.rebind(sslContext);
	}

	/**
	 * Closes every open connection.
	 * @param mode how to close them
	 */
	public void closeAllConnections(CloseMode mode) {
		// a snapshot: connections accepted meanwhile are not part of this sweep
		for (LoopbackConnection connection : List.copyOf(this.connections)) {
			connection.closeByServer(mode);
		}
	}

	/**
	 * Closes every open connection as a server that reloads or shuts down gracefully does
	 * (nginx {@code -s reload}): an idle one at once (FIN), one with a request in progress
	 * after its response, which announces {@code Connection: close}. A request whose first
	 * bytes cross the close is lost unanswered, as with a real server.
	 */
	public void closeAllConnectionsGracefully() {
		for (LoopbackConnection connection : List.copyOf(this.connections)) {
			connection.closeGracefully();
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
	 * Closing it again does nothing.
	 */
	@Override
	public void close() {
		this.stopped.countDown();
		this.responder.gate.countDown();
		stopAccepting();
		closeAllConnections(CloseMode.FIN);
		LoopbackServers.shutDown(this.executor);
	}

	@Override
	public void beforeAll(ExtensionContext context) {
		// only a server in a static field (or a test instance per class) sees this
		if (this.registeredFor == null) {
			this.registeredFor = context.getUniqueId();
		}
	}

	@Override
	public void afterEach(ExtensionContext context) {
		if (this.registeredFor == null) {
			close();
		}
	}

	@Override
	public void afterAll(ExtensionContext context) {
		// a nested class ends before the class that registered the server
		if (context.getUniqueId().equals(this.registeredFor)) {
			close();
		}
	}

	// ---------------------------------------------------------------- what the server saw

	/**
	 * The port the server listens on.
	 * @return the port
	 */
	public int getPort() {
		return this.listener.port();
	}

	/**
	 * The server's base URL, {@code http://127.0.0.1:<port>} or
	 * {@code https://127.0.0.1:<port>}.
	 * @return the base URL
	 */
	public String baseUrl() {
		return (this.listener.isTls() ? "https" : "http") + "://127.0.0.1:" + getPort();
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
		return this.counters.accepted.get();
	}

	/** @return connections open now */
	public int openConnections() {
		return this.counters.open.get();
	}

	/** @return the most connections that were open at once */
	public int maxOpenConnections() {
		return this.counters.maxOpen.get();
	}

	/**
	 * Restarts the "most open at once" count from the connections open now.
	 */
	public void resetMaxOpenConnections() {
		this.counters.maxOpen.set(this.counters.open.get());
	}

	/** @return connections the client closed (the server read end-of-stream or a reset) */
	public int connectionsClosedByClient() {
		return this.counters.closedByClient.get();
	}

	/**
	 * When the server saw each connection closed by the client, oldest first, in
	 * {@link System#nanoTime()}.
	 * @return the times
	 */
	public List<Long> clientCloseNanoTimes() {
		return List.copyOf(this.counters.clientCloseNanoTimes);
	}

	/** @return connections the server closed (faults, idle close, Connection: close) */
	public int connectionsClosedByServer() {
		return this.counters.closedByServer.get();
	}

	/** @return TLS handshakes completed (0 for a plain HTTP server) */
	public int tlsHandshakes() {
		return this.counters.tlsHandshakes.get();
	}

	/**
	 * TLS handshakes that failed, with the server's exception, oldest first. Such a
	 * connection counts as closed by neither side.
	 * @return the failures
	 */
	public List<Exception> handshakeFailures() {
		return List.copyOf(this.counters.handshakeFailures);
	}

	/** @return requests received (read completely, body included) */
	public int requests() {
		return this.counters.requests.get();
	}

	/**
	 * Requests received with the given method.
	 * @param method the method, e.g. {@code POST}
	 * @return the count
	 */
	public int requests(String method) {
		return this.counters.requests(method);
	}

	/** @return requests received and not answered yet (held, delayed or being written) */
	public int requestsInFlight() {
		return this.counters.inFlight.get();
	}

	/** @return the most requests that were in flight at once */
	public int maxRequestsInFlight() {
		return this.counters.maxInFlight.get();
	}

	/** @return complete responses sent */
	public int responses() {
		return this.counters.responses.get();
	}

	/** @return requests that carried {@code Connection: close} */
	public int connectionCloseRequests() {
		return this.counters.connectionCloseRequests.get();
	}

	/**
	 * The requests received, oldest first (the last 10,000).
	 * @return the requests
	 */
	public List<RecordedRequest> recordedRequests() {
		return this.counters.recorded();
	}

	/**
	 * The most recent request.
	 * @return the request
	 * @throws AssertionError if there was none
	 */
	public RecordedRequest lastRequest() {
		return this.counters.last();
	}

	/**
	 * Waits until exactly {@code expected} connections are open.
	 * @param expected the number of open connections
	 * @param timeout how long to wait at most
	 * @throws AssertionError on timeout
	 */
	public void awaitOpenConnections(int expected, Duration timeout) {
		poll("open connections == " + expected, () -> openConnections() == expected, timeout);
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

	/**
	 * Waits until the condition holds, for tests that assert on the outcome themselves.
	 * @param condition the condition
	 * @param timeout how long to wait at most
	 * @return whether the condition held in time (false if interrupted)
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

	private void awaitAtLeast(String what, IntSupplier actual, int expected, Duration timeout) {
		poll(what + " >= " + expected, () -> actual.getAsInt() >= expected, timeout);
	}

	private void poll(String condition, BooleanSupplier done, Duration timeout) {
		if (!await(done, timeout)) {
			throw new AssertionError("Timed out (or interrupted) after " + timeout + " waiting for " + condition
					+ ": " + this);
		}
	}

	@Override
	public String toString() {
		return "LoopbackHttpServer[" + baseUrl() + ", " + this.counters + "]";
	}

	// ---------------------------------------------------------------- internals

	private void accepted(Socket socket) {
		LoopbackConnection connection = new LoopbackConnection(this, this.counters, this.responder,
				this.connectionIds.incrementAndGet(), socket);
		this.counters.opened();
		this.connections.add(connection);
		try {
			this.executor.execute(connection);
		}
		catch (RuntimeException ex) {
			connection.closeByServer(CloseMode.FIN);
			connection.ended();
		}
	}

	void ended(LoopbackConnection connection) {
		this.connections.remove(connection);
		this.counters.open.decrementAndGet();
	}

	boolean isRunning() {
		return this.stopped.getCount() > 0;
	}

	/**
	 * Waits for the given time or until the server stops.
	 * @return whether the server is still running
	 */
	boolean pause(Duration duration) {
		if (duration.isZero() || duration.isNegative()) {
			return isRunning();
		}
		try {
			return !this.stopped.await(duration.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * A request as the server received it.
	 *
	 * @param connectionId the id of the connection it came on (1 for the first accepted)
	 * @param sequence its position on that connection (1 for the first)
	 * @param method the method
	 * @param target the request target, e.g. {@code /path?query}, or an absolute URI when
	 * sent to a proxy
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
		 * The path of the target, without scheme, authority and query.
		 * @return the path
		 */
		public String path() {
			String path = this.target;
			int scheme = path.indexOf("://");
			if (scheme > 0) {
				int slash = path.indexOf('/', scheme + 3);
				path = (slash >= 0) ? path.substring(slash) : "/";
			}
			int query = path.indexOf('?');
			return (query >= 0) ? path.substring(0, query) : path;
		}

		/**
		 * The first value of a query parameter of the target, as sent.
		 * @param name the parameter name
		 * @return the value or {@code null}
		 */
		public String queryParameter(String name) {
			int query = this.target.indexOf('?');
			if (query >= 0) {
				for (String pair : this.target.substring(query + 1).split("&")) {
					if (pair.startsWith(name + "=")) {
						return pair.substring(name.length() + 1);
					}
				}
			}
			return null;
		}

		/**
		 * The body as UTF-8 text.
		 * @return the body
		 */
		public String bodyAsString() {
			return new String(this.body, StandardCharsets.UTF_8);
		}

	}

}
