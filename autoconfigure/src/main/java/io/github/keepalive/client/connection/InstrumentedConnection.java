package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * A pooled connection that tells its {@link ConnectionLifecycle} when it is established
 * (or why it could not be), each request it sends, and why it closes, and knows its own
 * {@link ConnectionLifetime}. Whenever it is reused, it checks whether the server has
 * closed it ({@link StaleCheck}) just before the request is written, and throws
 * {@link RequestNotSentException} if so; it does the same, renewing the connection, for
 * a request that cannot be sent again on a connection idle for almost as long as the
 * server was seen to keep one ({@link ServerIdleLimits}). The pool also asks it
 * ({@link #isStale()}) when it was idle for validate-after-inactivity. Everything else is
 * the wrapped HttpClient connection's.
 */
final class InstrumentedConnection implements ManagedHttpClientConnection, ConnectionLifetime {

	private final ManagedHttpClientConnection connection;

	private final ConnectionLifecycle lifecycle;

	private final ServerIdleLimits idleLimits;

	private volatile @Nullable StaleCheck staleCheck;

	private volatile @Nullable Object server;

	private volatile boolean checkBeforeSending;

	private volatile long idleSince;

	// how long the connection was idle before the request now under way, if it was reused
	private long reusedAfterNanos;

	InstrumentedConnection(ManagedHttpClientConnection connection, ConnectionListener listener,
			ConnectionTally tally, ConnectionLifePolicy lifePolicy, ServerIdleLimits idleLimits,
			BooleanSupplier shuttingDown) {
		this.connection = connection;
		this.idleLimits = idleLimits;
		this.lifecycle = new ConnectionLifecycle(listener, tally, lifePolicy, shuttingDown);
	}

	@Override
	public void bind(Socket socket) throws IOException {
		this.connection.bind(socket);
		// bound once before connecting and once after
		this.lifecycle.tcpConnected(socket.isConnected());
		this.staleCheck = StaleCheck.of(socket, null);
		SocketAddress address = socket.getRemoteSocketAddress();
		this.server = (address != null) ? ServerIdleLimits.server(address, null) : null;
	}

	@Override
	public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
		this.connection.bind(sslSocket, socket);
		this.lifecycle.tls();
		this.staleCheck = StaleCheck.of(socket, sslSocket);
	}

	@Override
	public long remainingNanos() {
		return this.lifecycle.remainingNanos();
	}

	@Override
	public boolean isOutdated() {
		return this.lifecycle.isOutdated();
	}

	@Override
	public void willClose(ConnectionCloseReason reason) {
		this.lifecycle.willClose(reason);
	}

	/**
	 * A connect starts, on a new connection or on one closed before.
	 */
	void connecting() {
		this.staleCheck = null;
		this.server = null;
		this.checkBeforeSending = false;
		this.lifecycle.connecting();
	}

	/**
	 * The connect succeeded: to the target (with TLS, if any), or to a proxy, where a
	 * tunnel may follow.
	 */
	void connected() {
		this.lifecycle.connected();
	}

	/**
	 * TLS was layered over the connection, through a proxy's tunnel: it is established.
	 * @param target the target at the end of the tunnel
	 */
	void upgraded(String target) {
		SocketAddress address = getRemoteAddress();
		this.server = (address != null) ? ServerIdleLimits.server(address, target) : null;
		this.lifecycle.upgraded();
	}

	/**
	 * The connect or the TLS upgrade failed.
	 * @param failure why
	 */
	void connectFailed(IOException failure) {
		this.lifecycle.failed(failure);
	}

	@Override
	public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
		this.reusedAfterNanos = 0;
		if (this.checkBeforeSending) {
			this.checkBeforeSending = false;
			checkBeforeReuse(request);
		}
		this.lifecycle.sending(request);
		try {
			this.connection.sendRequestHeader(request);
		}
		catch (IOException | HttpException | RuntimeException ex) {
			failed(ex);
			throw ex;
		}
	}

	private void checkBeforeReuse(ClassicHttpRequest request) throws RequestNotSentException {
		// the server may have closed the connection since it was leased
		long idleNanos = idleNanos();
		if (isClosedByServer()) {
			this.idleLimits.closedAfter(this.server, idleNanos);
			this.lifecycle.willClose(ConnectionCloseReason.STALE);
			throw new RequestNotSentException("Connection " + this + " was closed by the server before the "
					+ request.getMethod() + " request was sent");
		}
		ServerIdleLimits.Renewal renewal = this.idleLimits.renewal(this.server, idleNanos, request);
		if (renewal != null) {
			this.lifecycle.willClose(ConnectionCloseReason.RENEWED);
			throw new RequestNotSentException("Connection " + this + " was idle for " + idleNanos / 1_000_000 + " ms, "
					+ ((renewal == ServerIdleLimits.Renewal.RESTARTED) ? "since before the server was seen to restart"
							: "close to when the server closed one before")
					+ ": renewed before the " + request.getMethod() + " request was sent");
		}
		this.reusedAfterNanos = idleNanos;
	}

	@Override
	public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
		try {
			this.connection.sendRequestEntity(request);
		}
		catch (IOException | HttpException | RuntimeException ex) {
			failed(ex);
			throw ex;
		}
	}

	@Override
	public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
		this.connection.terminateRequest(request);
	}

	@Override
	public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
		ClassicHttpResponse response;
		try {
			response = this.connection.receiveResponseHeader();
		}
		catch (IOException | HttpException | RuntimeException ex) {
			failed(ex);
			throw ex;
		}
		this.lifecycle.received(response);
		if (this.reusedAfterNanos > 0) {
			// the server kept the connection this long: a limit learned below it was wrong
			this.idleLimits.servedAfter(this.server, this.reusedAfterNanos);
			this.reusedAfterNanos = 0;
		}
		return response;
	}

	@Override
	public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
		try {
			this.connection.receiveResponseEntity(response);
		}
		catch (IOException | HttpException | RuntimeException ex) {
			failed(ex);
			throw ex;
		}
	}

	private void failed(Exception ex) {
		boolean closedByServer = ex instanceof NoHttpResponseException || ex instanceof ConnectionClosedException;
		if (closedByServer || ex instanceof SocketException) {
			// an idle limit met as the request went out, or a restart
			this.idleLimits.closedAfter(this.server, this.reusedAfterNanos);
		}
		this.lifecycle.willClose(closedByServer ? ConnectionCloseReason.CLOSED_BY_SERVER : ConnectionCloseReason.ERROR);
	}

	@Override
	public boolean isStale() throws IOException {
		// without a channel (through a SOCKS proxy), HttpClient's check: a read that waits 1 ms
		boolean stale = (this.staleCheck != null) ? isClosedByServer() : this.connection.isStale();
		if (stale) {
			this.idleLimits.closedAfter(this.server, idleNanos());
			this.lifecycle.willClose(ConnectionCloseReason.STALE);
		}
		return stale;
	}

	private long idleNanos() {
		long idleSince = this.idleSince;
		return (idleSince != 0) ? System.nanoTime() - idleSince : 0;
	}

	private boolean isClosedByServer() {
		StaleCheck check = this.staleCheck;
		return check != null && check.isStale();
	}

	// The close is reported before the socket goes: whoever watches the server never sees
	// a close that the client's observers have not heard of yet
	@Override
	public void close(CloseMode closeMode) {
		try {
			this.lifecycle.closed((closeMode == CloseMode.IMMEDIATE) ? ConnectionCloseReason.ERROR : null);
		}
		finally {
			this.connection.close(closeMode);
		}
	}

	@Override
	public void close() throws IOException {
		try {
			this.lifecycle.closed(null);
		}
		finally {
			this.connection.close();
		}
	}

	@Override
	public Socket getSocket() {
		return this.connection.getSocket();
	}

	@Override
	public SSLSession getSSLSession() {
		return this.connection.getSSLSession();
	}

	@Override
	public void passivate() {
		this.idleSince = System.nanoTime();
		this.lifecycle.released();
		this.connection.passivate();
	}

	@Override
	public void activate() {
		this.checkBeforeSending = true;
		this.connection.activate();
	}

	@Override
	public boolean isConsistent() {
		return this.connection.isConsistent();
	}

	@Override
	public boolean isDataAvailable(Timeout timeout) throws IOException {
		return this.connection.isDataAvailable(timeout);
	}

	@Override
	public void flush() throws IOException {
		this.connection.flush();
	}

	@Override
	public EndpointDetails getEndpointDetails() {
		return this.connection.getEndpointDetails();
	}

	@Override
	public SocketAddress getLocalAddress() {
		return this.connection.getLocalAddress();
	}

	@Override
	public SocketAddress getRemoteAddress() {
		return this.connection.getRemoteAddress();
	}

	@Override
	public ProtocolVersion getProtocolVersion() {
		return this.connection.getProtocolVersion();
	}

	@Override
	public boolean isOpen() {
		return this.connection.isOpen();
	}

	@Override
	public Timeout getSocketTimeout() {
		return this.connection.getSocketTimeout();
	}

	@Override
	public void setSocketTimeout(Timeout timeout) {
		this.connection.setSocketTimeout(timeout);
	}

	@Override
	public String toString() {
		return this.connection.toString();
	}

}
