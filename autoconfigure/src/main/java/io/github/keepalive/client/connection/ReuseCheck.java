package io.github.keepalive.client.connection;

import java.net.Socket;
import java.net.SocketAddress;

import javax.net.ssl.SSLSocket;

import org.apache.hc.core5.http.ClassicHttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * The checks of an {@link InstrumentedConnection} when it is reused, and what they teach
 * {@link ServerIdleLimits}. Just before the first request after a lease is written, it
 * throws {@link RequestNotSentException} if the server has closed the connection
 * ({@link StaleCheck}), or, renewing the connection, if the request should not go out on
 * a connection idle that long; either way it tells the {@link ConnectionLifecycle} why the
 * connection closes. It tells the idle limits after how long idle a connection was found
 * closed, or closed under a request, and after how long one served a request.
 */
final class ReuseCheck {

	private final ServerIdleLimits idleLimits;

	private final ConnectionLifecycle lifecycle;

	private volatile @Nullable StaleCheck staleCheck;

	private volatile @Nullable Object server;

	private volatile boolean checkBeforeSending;

	private volatile long idleSince;

	// when the pool leased it last: the idle time's end, read without a clock of its own.
	// Written and read by the leasing thread, before its request.
	private long leasedAt;

	// how long the connection was idle before the request now under way, if it was reused
	private long reusedAfterNanos;

	ReuseCheck(ServerIdleLimits idleLimits, ConnectionLifecycle lifecycle) {
		this.idleLimits = idleLimits;
		this.lifecycle = lifecycle;
	}

	/**
	 * A connect starts, on a new connection or on one closed before: nothing is known yet.
	 */
	void connecting() {
		this.staleCheck = null;
		this.server = null;
		this.checkBeforeSending = false;
	}

	/**
	 * The connection was bound to its socket.
	 * @param socket the socket, connected or not yet
	 */
	void bound(Socket socket) {
		this.staleCheck = StaleCheck.of(socket, null);
		SocketAddress address = socket.getRemoteSocketAddress();
		this.server = (address != null) ? ServerIdleLimits.server(address, null) : null;
	}

	/**
	 * TLS was layered over the connection's socket.
	 * @param sslSocket the TLS socket
	 * @param socket the socket under it
	 */
	void boundTls(SSLSocket sslSocket, Socket socket) {
		this.staleCheck = StaleCheck.of(socket, sslSocket);
	}

	/**
	 * TLS was layered over the connection through a proxy's tunnel: the server is the
	 * target at its end.
	 * @param address the address the connection is connected to (the proxy's)
	 * @param target the target at the end of the tunnel
	 */
	void tunnelled(@Nullable SocketAddress address, String target) {
		this.server = (address != null) ? ServerIdleLimits.server(address, target) : null;
	}

	/**
	 * The connection went back to the pool, idle.
	 * @param nanoTime now, in {@link System#nanoTime()} terms
	 */
	void released(long nanoTime) {
		this.idleSince = nanoTime;
	}

	/**
	 * The connection was leased again: its next request is checked before it is written.
	 */
	void activated() {
		this.checkBeforeSending = true;
	}

	/**
	 * The pool leased the connection.
	 * @param nanoTime when, in {@link System#nanoTime()} terms
	 */
	void leased(long nanoTime) {
		this.leasedAt = nanoTime;
	}

	/**
	 * A request is about to be written: the first after a lease only if the connection
	 * may carry it.
	 * @param request the request
	 * @param connection the connection, for the message
	 * @throws RequestNotSentException if the connection is closed instead (the lifecycle
	 * knows why)
	 */
	void beforeSending(ClassicHttpRequest request, Object connection) throws RequestNotSentException {
		this.reusedAfterNanos = 0;
		if (this.checkBeforeSending) {
			this.checkBeforeSending = false;
			checkBeforeReuse(request, connection);
		}
	}

	private void checkBeforeReuse(ClassicHttpRequest request, Object connection) throws RequestNotSentException {
		// the server may have closed the connection since it was leased
		long idleNanos = idleNanos(leaseMoment());
		if (isClosedByServer()) {
			this.idleLimits.closedAfter(this.server, idleNanos);
			this.lifecycle.willClose(ConnectionCloseReason.STALE);
			throw new RequestNotSentException("Connection " + connection + " was closed by the server before the "
					+ request.getMethod() + " request was sent");
		}
		ServerIdleLimits.Renewal renewal = this.idleLimits.renewal(this.server, idleNanos, request);
		if (renewal != null) {
			this.lifecycle.willClose(ConnectionCloseReason.RENEWED);
			throw new RequestNotSentException("Connection " + connection + " was idle for " + idleNanos / 1_000_000
					+ " ms, " + ((renewal == ServerIdleLimits.Renewal.RESTARTED)
							? "since before the server was seen to restart" : "close to when the server closed one before")
					+ ": renewed before the " + request.getMethod() + " request was sent");
		}
		this.reusedAfterNanos = idleNanos;
	}

	/**
	 * The response to the request came: the server kept the connection as long as it was
	 * idle before, so a limit learned below that was wrong.
	 */
	void served() {
		if (this.reusedAfterNanos > 0) {
			this.idleLimits.servedAfter(this.server, this.reusedAfterNanos);
			this.reusedAfterNanos = 0;
		}
	}

	/**
	 * The connection was closed under the request: an idle limit met as the request went
	 * out, or a restart.
	 */
	void closedUnderRequest() {
		this.idleLimits.closedAfter(this.server, this.reusedAfterNanos);
	}

	/**
	 * Whether the connection can tell without waiting that the server closed it: not
	 * without a channel (through a SOCKS proxy).
	 * @return whether {@link #isClosedByServer()} can tell
	 */
	boolean hasStaleCheck() {
		return this.staleCheck != null;
	}

	/**
	 * Whether the server has closed the connection, read without waiting.
	 * @return whether it is stale; {@code false} without a stale check
	 */
	boolean isClosedByServer() {
		StaleCheck check = this.staleCheck;
		return check != null && check.isStale();
	}

	/**
	 * The idle connection was found stale, before it was leased: it closes.
	 */
	void foundStale() {
		this.idleLimits.closedAfter(this.server, idleNanos(System.nanoTime()));
		this.lifecycle.willClose(ConnectionCloseReason.STALE);
	}

	// its idle time ended at its lease, as the pool saw it; now, if the pool did not say when
	// it leased it since it was released
	private long leaseMoment() {
		long leasedAt = this.leasedAt;
		return (leasedAt - this.idleSince >= 0) ? leasedAt : System.nanoTime();
	}

	private long idleNanos(long until) {
		long idleSince = this.idleSince;
		return (idleSince != 0) ? until - idleSince : 0;
	}

}
