package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.io.CloseMode;

/**
 * A pooled connection that tells its {@link ConnectionLifecycle} when it is established
 * (or why it could not be), each request it sends, and why it closes, and knows its own
 * {@link ConnectionLifetime}. Whenever it is reused, it checks whether the server has
 * closed it ({@link StaleCheck}) just before the request is written, and throws
 * {@link RequestNotSentException} if so; it does the same, renewing the connection, for
 * a request that cannot be sent again on a connection idle for almost as long as the
 * server was seen to keep one ({@link ServerIdleLimits}); both are its
 * {@link ReuseCheck}'s. The pool also asks it ({@link #isStale()}) when it was idle for
 * validate-after-inactivity. Everything else is the wrapped HttpClient connection's
 * ({@link DelegatingConnection}).
 */
final class InstrumentedConnection extends DelegatingConnection implements ConnectionLifetime {

	private final ConnectionLifecycle lifecycle;

	private final ReuseCheck reuse;

	InstrumentedConnection(ManagedHttpClientConnection connection, ConnectionListener listener,
			ConnectionTally tally, ConnectionLifePolicy lifePolicy, ServerIdleLimits idleLimits,
			BooleanSupplier shuttingDown) {
		super(connection);
		this.lifecycle = new ConnectionLifecycle(listener, tally, lifePolicy, shuttingDown);
		this.reuse = new ReuseCheck(idleLimits, this.lifecycle);
	}

	@Override
	public void bind(Socket socket) throws IOException {
		this.connection.bind(socket);
		// bound once before connecting and once after
		this.lifecycle.tcpConnected(socket.isConnected());
		this.reuse.bound(socket);
	}

	@Override
	public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
		this.connection.bind(sslSocket, socket);
		this.lifecycle.tls();
		this.reuse.boundTls(sslSocket, socket);
	}

	@Override
	public long remainingNanos(long nanoTime) {
		return this.lifecycle.remainingNanos(nanoTime);
	}

	@Override
	public void leased(long nanoTime) {
		this.reuse.leased(nanoTime);
	}

	@Override
	public void released(long nanoTime) {
		this.reuse.released(nanoTime);
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
		this.reuse.connecting();
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
		this.reuse.tunnelled(getRemoteAddress(), target);
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
		this.reuse.beforeSending(request, this);
		this.lifecycle.sending(request);
		try {
			this.connection.sendRequestHeader(request);
		}
		catch (IOException | HttpException | RuntimeException ex) {
			failed(ex);
			throw ex;
		}
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
		this.reuse.served();
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
			this.reuse.closedUnderRequest();
		}
		this.lifecycle.willClose(closedByServer ? ConnectionCloseReason.CLOSED_BY_SERVER : ConnectionCloseReason.ERROR);
	}

	@Override
	public boolean isStale() throws IOException {
		// without a channel (through a SOCKS proxy), HttpClient's check: a read that waits 1 ms
		boolean stale = this.reuse.hasStaleCheck() ? this.reuse.isClosedByServer() : this.connection.isStale();
		if (stale) {
			this.reuse.foundStale();
		}
		return stale;
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
	public void passivate() {
		// its idle time started when the pool took it back (released(long))
		this.lifecycle.released();
		this.connection.passivate();
	}

	@Override
	public void activate() {
		this.reuse.activated();
		this.connection.activate();
	}

}
