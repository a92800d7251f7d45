package io.github.keepalive.client.connection;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HeaderElements;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.Method;
import org.jspecify.annotations.Nullable;

/**
 * The life of one {@link InstrumentedConnection}, as its listener hears of it: opened
 * once established, or failed with a reason; each request sent; closed, and why.
 * <p>
 * A connection is established once it can carry requests: connected (TLS included) to
 * the target, or to a proxy whose tunnel is up. HttpClient binds the socket before
 * connecting it, so binding says nothing; and after a connect it cannot tell yet whether
 * a tunnel follows, so a connected connection counts as established when its first
 * request that is not a {@code CONNECT} goes out, when TLS is layered over the tunnel,
 * or when it is released or closed unused. One that sent a {@code CONNECT} and closes
 * without a tunnel failed ({@code proxy}).
 */
final class ConnectionLifecycle {

	private final ConnectionListener listener;

	private final ConnectionTally tally;

	private final ConnectionLifePolicy lifePolicy;

	/** The SSL generation when the connection was created, no later than its handshake's. */
	private final int tlsGeneration;

	private final BooleanSupplier shuttingDown;

	private final AtomicReference<State> state = new AtomicReference<>(State.NEW);

	private volatile boolean tcpConnected;

	private volatile long openedAt;

	private volatile long lifeNanos;

	private volatile boolean tls;

	private volatile long requests;

	private volatile @Nullable ConnectionCloseReason pendingReason;

	ConnectionLifecycle(ConnectionListener listener, ConnectionTally tally, ConnectionLifePolicy lifePolicy,
			BooleanSupplier shuttingDown) {
		this.listener = listener;
		this.tally = tally;
		this.lifePolicy = lifePolicy;
		this.tlsGeneration = lifePolicy.tlsGeneration().getAsInt();
		this.shuttingDown = shuttingDown;
	}

	void connecting() {
		this.state.set(State.NEW);
		this.tcpConnected = false;
		this.requests = 0;
		this.pendingReason = null;
	}

	void tcpConnected(boolean connected) {
		this.tcpConnected = connected;
	}

	void connected() {
		// each connection's own, jittered, life starts when it is connected
		this.lifeNanos = this.lifePolicy.drawLifeNanos();
		this.openedAt = System.nanoTime();
		this.state.compareAndSet(State.NEW, State.CONNECTED);
	}

	void upgraded() {
		established(true);
	}

	void tls() {
		this.tls = true;
	}

	long remainingNanos() {
		return remainingNanos(System.nanoTime());
	}

	long remainingNanos(long nanoTime) {
		long openedAt = this.openedAt;
		return (openedAt != 0) ? openedAt + this.lifeNanos - nanoTime : Long.MAX_VALUE;
	}

	boolean isOutdated() {
		return this.tls && this.tlsGeneration != this.lifePolicy.tlsGeneration().getAsInt();
	}

	void failed(IOException failure) {
		State previous = this.state.getAndSet(State.FAILED);
		if (previous != State.FAILED && previous != State.CLOSED) {
			failed(ConnectionFailureReason.of(failure, this.tcpConnected));
		}
	}

	void released() {
		// released unused (warmed up): established too
		established(false);
	}

	private void established(boolean throughTunnel) {
		if (this.state.compareAndSet(State.CONNECTED, State.ESTABLISHED)
				|| (throughTunnel && this.state.compareAndSet(State.TUNNELLING, State.ESTABLISHED))) {
			opened();
		}
	}

	private void opened() {
		this.tally.countOpened();
		this.listener.connectionOpened();
	}

	private void failed(ConnectionFailureReason reason) {
		this.tally.countFailed(reason);
		this.listener.connectionFailed(reason);
	}

	void sending(HttpRequest request) {
		if (this.state.get() != State.ESTABLISHED) {
			if (Method.CONNECT.isSame(request.getMethod())) {
				this.state.compareAndSet(State.CONNECTED, State.TUNNELLING);
			}
			else {
				established(true);
			}
		}
		this.requests++;
		this.listener.requestSent();
		if (announcesClose(request)) {
			this.pendingReason = ConnectionCloseReason.NOT_REUSABLE;
		}
	}

	void received(HttpResponse response) {
		// Servers echo the client's own "Connection: close": that close stays the client's
		if (announcesClose(response) && this.pendingReason != ConnectionCloseReason.NOT_REUSABLE) {
			this.pendingReason = ConnectionCloseReason.CLOSED_BY_SERVER;
		}
	}

	private static boolean announcesClose(HttpMessage message) {
		Header connection = message.getFirstHeader(HttpHeaders.CONNECTION);
		return connection != null && HeaderElements.CLOSE.equalsIgnoreCase(connection.getValue());
	}

	/**
	 * The reason the connection will close for, unless it closes for shutdown, expiry or
	 * idleness.
	 * @param reason the reason
	 */
	void willClose(ConnectionCloseReason reason) {
		this.pendingReason = reason;
	}

	void closed(@Nullable ConnectionCloseReason immediateReason) {
		switch (this.state.getAndSet(State.CLOSED)) {
			case CONNECTED -> {
				opened();
				this.listener.connectionClosed(reason(immediateReason), this.requests);
			}
			case ESTABLISHED -> this.listener.connectionClosed(reason(immediateReason), this.requests);
			case TUNNELLING -> failed(ConnectionFailureReason.PROXY);
			default -> {
			}
		}
	}

	private ConnectionCloseReason reason(@Nullable ConnectionCloseReason immediateReason) {
		if (this.pendingReason != null) {
			return this.pendingReason;
		}
		if (this.shuttingDown.getAsBoolean()) {
			return ConnectionCloseReason.SHUTDOWN;
		}
		if (immediateReason != null) {
			return immediateReason;
		}
		if (remainingNanos() <= 0) {
			return ConnectionCloseReason.EXPIRED;
		}
		return isOutdated() ? ConnectionCloseReason.SSL_RELOADED : ConnectionCloseReason.IDLE;
	}

	private enum State {

		NEW, CONNECTED, TUNNELLING, ESTABLISHED, FAILED, CLOSED

	}

}
