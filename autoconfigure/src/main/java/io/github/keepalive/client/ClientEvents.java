package io.github.keepalive.client;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.connection.ConnectionFailureReason;
import io.github.keepalive.client.connection.ConnectionListener;
import io.github.keepalive.client.pool.ConnectionPool;
import io.github.keepalive.client.pool.LeaseOutcome;
import org.apache.hc.client5.http.HttpRoute;

/**
 * One client's connection and lease events, passed to the application's
 * {@link KeepAliveClientListener} with the client's name. Counts the connections opened
 * and the failed attempts itself, for the client's own view ({@link ConnectionCounts}).
 * The application's listeners are called inside HttpClient's pool operations: each is
 * isolated, so that one that throws never breaks a lease, a release or a close.
 */
final class ClientEvents implements ConnectionListener, ConnectionPool.LeaseListener {

	private final String clientName;

	private final KeepAliveClientListener listener;

	private final boolean listening;

	private final LongAdder opened = new LongAdder();

	private final LongAdder[] failed = new LongAdder[ConnectionFailureReason.values().length];

	ClientEvents(String clientName, KeepAliveClientListener listener) {
		this.clientName = clientName;
		this.listening = listener != KeepAliveClientListener.NONE;
		this.listener = this.listening ? KeepAliveClientListener.of(List.of(listener)) : listener;
		for (int i = 0; i < this.failed.length; i++) {
			this.failed[i] = new LongAdder();
		}
	}

	@Override
	public void connectionOpened() {
		this.opened.increment();
		this.listener.connectionOpened(this.clientName);
	}

	@Override
	public void connectionFailed(ConnectionFailureReason reason) {
		this.failed[reason.ordinal()].increment();
		this.listener.connectionFailed(this.clientName, reason);
	}

	ConnectionCounts connectionCounts() {
		Map<String, Long> failed = new LinkedHashMap<>();
		for (ConnectionFailureReason reason : ConnectionFailureReason.values()) {
			failed.put(reason.tagValue(), this.failed[reason.ordinal()].sum());
		}
		return new ConnectionCounts(this.opened.sum(), failed);
	}

	@Override
	public void requestSent() {
		this.listener.requestSent(this.clientName);
	}

	@Override
	public void connectionClosed(ConnectionCloseReason reason, long requests) {
		this.listener.connectionClosed(this.clientName, reason, requests);
	}

	@Override
	public void leaseCompleted(long waitedNanos, LeaseOutcome outcome) {
		if (this.listening) {
			this.listener.leaseCompleted(this.clientName, Duration.ofNanos(waitedNanos), outcome);
		}
	}

	@Override
	public void routeAdded(HttpRoute route) {
		this.listener.routeAdded(this.clientName, route);
	}

	@Override
	public void leakDetected(HttpRoute route, Duration held) {
		this.listener.leakDetected(this.clientName, route, held);
	}

}
