package io.github.keepalive.test;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;

/**
 * What {@link LoopbackHttpServer} saw, as its connections report it: counts of
 * connections, handshakes, requests and responses, and the last requests received.
 */
final class LoopbackCounters {

	private static final int MAX_RECORDED_REQUESTS = 10_000;

	final AtomicInteger accepted = new AtomicInteger();

	final AtomicInteger open = new AtomicInteger();

	final AtomicInteger maxOpen = new AtomicInteger();

	final AtomicInteger closedByClient = new AtomicInteger();

	final AtomicInteger closedByServer = new AtomicInteger();

	/** When each connection closed by the client was seen closed, in {@link System#nanoTime()}. */
	final List<Long> clientCloseNanoTimes = new CopyOnWriteArrayList<>();

	final AtomicInteger tlsHandshakes = new AtomicInteger();

	final List<Exception> handshakeFailures = new CopyOnWriteArrayList<>();

	final AtomicInteger requests = new AtomicInteger();

	final AtomicInteger inFlight = new AtomicInteger();

	final AtomicInteger maxInFlight = new AtomicInteger();

	final AtomicInteger responses = new AtomicInteger();

	final AtomicInteger connectionCloseRequests = new AtomicInteger();

	private final Map<String, AtomicInteger> requestsByMethod = new ConcurrentHashMap<>();

	private final Deque<RecordedRequest> recorded = new ArrayDeque<>();

	volatile Consumer<RecordedRequest> listener = (request) -> {
	};

	void opened() {
		this.accepted.incrementAndGet();
		this.maxOpen.accumulateAndGet(this.open.incrementAndGet(), Math::max);
	}

	/**
	 * Counts and records a request that was read completely. It is in flight, from before
	 * it is counted, until its connection decrements {@link #inFlight}.
	 * @param request the request
	 */
	void received(RecordedRequest request) {
		this.maxInFlight.accumulateAndGet(this.inFlight.incrementAndGet(), Math::max);
		this.requests.incrementAndGet();
		this.requestsByMethod.computeIfAbsent(request.method(), (key) -> new AtomicInteger()).incrementAndGet();
		if ("close".equalsIgnoreCase(request.header("Connection"))) {
			this.connectionCloseRequests.incrementAndGet();
		}
		this.listener.accept(request);
		synchronized (this.recorded) {
			if (this.recorded.size() == MAX_RECORDED_REQUESTS) {
				this.recorded.removeFirst();
			}
			this.recorded.addLast(request);
		}
	}

	int requests(String method) {
		AtomicInteger count = this.requestsByMethod.get(method);
		return (count != null) ? count.get() : 0;
	}

	List<RecordedRequest> recorded() {
		synchronized (this.recorded) {
			return new ArrayList<>(this.recorded);
		}
	}

	RecordedRequest last() {
		synchronized (this.recorded) {
			if (this.recorded.isEmpty()) {
				throw new AssertionError("The server received no request");
			}
			return this.recorded.getLast();
		}
	}

	@Override
	public String toString() {
		return "accepted=" + this.accepted + ", open=" + this.open + ", maxOpen=" + this.maxOpen + ", closedByClient="
				+ this.closedByClient + ", closedByServer=" + this.closedByServer + ", tlsHandshakes="
				+ this.tlsHandshakes + ", handshakeFailures=" + this.handshakeFailures.size() + ", requests="
				+ this.requests + " " + new TreeMap<>(this.requestsByMethod) + ", inFlight=" + this.inFlight
				+ ", maxInFlight=" + this.maxInFlight + ", responses=" + this.responses;
	}

}
