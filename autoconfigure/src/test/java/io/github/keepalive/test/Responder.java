package io.github.keepalive.test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.github.keepalive.test.LoopbackHttpServer.CloseMode;
import io.github.keepalive.test.LoopbackHttpServer.Fault;
import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;

/**
 * What {@link LoopbackHttpServer} answers and when: the response's status, headers and
 * body, delays, held responses, injected faults and when a connection is closed. The
 * server's setters change it while connections read it, so every setting applies from the
 * next request on.
 */
final class Responder {

	/** How long a stalling fault or a held response holds a connection at most. */
	static final Duration MAX_STALL = Duration.ofSeconds(30);

	/** The longest delay a request can ask for with {@code ?delay=<ms>}. */
	private static final long MAX_REQUESTED_DELAY_MILLIS = 10_000;

	volatile int status = 200;

	volatile byte[] body = "ok".getBytes(StandardCharsets.UTF_8);

	volatile boolean echoPath;

	volatile String contentType = "text/plain;charset=UTF-8";

	final Map<String, String> headers = new ConcurrentHashMap<>();

	volatile Duration delay = Duration.ZERO;

	volatile Duration delayPerRequestInFlight = Duration.ZERO;

	volatile Duration stallTime = MAX_STALL;

	volatile Duration idleCloseAfter;

	volatile CloseMode idleCloseMode = CloseMode.FIN;

	volatile int connectionCloseEvery;

	volatile CountDownLatch gate = new CountDownLatch(0);

	/** Which responses the gate holds. */
	volatile Predicate<RecordedRequest> held = (request) -> true;

	private final List<FaultRule> faultRules = new CopyOnWriteArrayList<>();

	void inject(Fault fault, Predicate<RecordedRequest> when, int times) {
		this.faultRules.add(new FaultRule(fault, when, new AtomicInteger(times)));
	}

	void clearFaults() {
		this.faultRules.clear();
	}

	/**
	 * The fault to inject into the response to a request, counting it against its rule.
	 * @param request the request
	 * @return the fault, or {@code null}
	 */
	Fault faultFor(RecordedRequest request) {
		for (FaultRule rule : this.faultRules) {
			if (rule.when().test(request) && rule.remaining().getAndDecrement() > 0) {
				return rule.fault();
			}
		}
		return null;
	}

	/**
	 * Whether the connection closes after the response to a request.
	 * @param request the request
	 * @param fault the fault injected into the response, or {@code null}
	 * @return whether the response announces {@code Connection: close}
	 */
	boolean closesConnection(RecordedRequest request, Fault fault) {
		int every = this.connectionCloseEvery;
		return "close".equalsIgnoreCase(request.header("Connection"))
				|| (every > 0 && request.sequence() % every == 0) || fault == Fault.CONNECTION_CLOSE;
	}

	/**
	 * Waits while the response to a request is held.
	 * @param request the request
	 * @return whether it was released in time
	 * @throws InterruptedException if the server stopped its threads meanwhile
	 */
	boolean awaitRelease(RecordedRequest request) throws InterruptedException {
		return !this.held.test(request) || this.gate.await(MAX_STALL.toMillis(), TimeUnit.MILLISECONDS);
	}

	/**
	 * How long to wait before answering: the server's delay, the delay per request in
	 * flight times the requests in flight, and the request's own {@code ?delay=<ms>}.
	 * @param request the request
	 * @param inFlight the requests in flight, this one included
	 * @return the delay
	 */
	Duration delayFor(RecordedRequest request, int inFlight) {
		String requested = request.queryParameter("delay");
		long millis = 0;
		if (requested != null && requested.matches("\\d{1,9}")) {
			millis = Math.min(Long.parseLong(requested), MAX_REQUESTED_DELAY_MILLIS);
		}
		return this.delay.plus(this.delayPerRequestInFlight.multipliedBy(inFlight)).plusMillis(millis);
	}

	/**
	 * The body of the response to a request ({@code Content-Length} counts it, even for
	 * {@code HEAD}).
	 * @param request the request
	 * @return the body
	 */
	byte[] body(RecordedRequest request) {
		return this.echoPath ? request.path().getBytes(StandardCharsets.UTF_8) : this.body;
	}

	/**
	 * The status line and headers of a response.
	 * @param contentLength the length of the body
	 * @param close whether to announce {@code Connection: close}
	 * @return the head, with the blank line that ends it
	 */
	byte[] head(int contentLength, boolean close) {
		StringBuilder head = new StringBuilder();
		int status = this.status;
		head.append("HTTP/1.1 ").append(status).append(' ').append(reason(status)).append("\r\n");
		head.append("Content-Type: ").append(this.contentType).append("\r\n");
		head.append("Content-Length: ").append(contentLength).append("\r\n");
		this.headers.forEach((name, value) -> head.append(name).append(": ").append(value).append("\r\n"));
		if (close) {
			head.append("Connection: close\r\n");
		}
		head.append("\r\n");
		return head.toString().getBytes(StandardCharsets.ISO_8859_1);
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

}
