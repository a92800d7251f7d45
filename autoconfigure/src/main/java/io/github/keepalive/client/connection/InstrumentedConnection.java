package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ConnectionClosedException;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HeaderElements;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpMessage;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;

/**
 * A pooled connection that reports when it opens, each request it sends, and why it
 * closes, and knows its own {@link ConnectionLifetime}. Everything else is the wrapped
 * HttpClient connection's.
 */
final class InstrumentedConnection implements ManagedHttpClientConnection, ConnectionLifetime {

	private final ManagedHttpClientConnection connection;

	private final ConnectionListener listener;

	private final ConnectionLifePolicy lifePolicy;

	/** The SSL generation when the connection was created, no later than its handshake's. */
	private final int tlsGeneration;

	private final BooleanSupplier shuttingDown;

	private final AtomicBoolean closed = new AtomicBoolean();

	private volatile long openedAt;

	private volatile long lifeNanos;

	private volatile boolean tls;

	private volatile long requests;

	private volatile ConnectionCloseReason pendingReason;

	InstrumentedConnection(ManagedHttpClientConnection connection, ConnectionListener listener,
			ConnectionLifePolicy lifePolicy, BooleanSupplier shuttingDown) {
		this.connection = connection;
		this.listener = listener;
		this.lifePolicy = lifePolicy;
		this.tlsGeneration = lifePolicy.tlsGeneration().getAsInt();
		this.shuttingDown = shuttingDown;
	}

	@Override
	public void bind(Socket socket) throws IOException {
		this.connection.bind(socket);
		opened();
	}

	@Override
	public void bind(SSLSocket sslSocket, Socket socket) throws IOException {
		this.connection.bind(sslSocket, socket);
		this.tls = true;
		opened();
	}

	private void opened() {
		if (this.openedAt == 0) {
			this.lifeNanos = this.lifePolicy.drawLifeNanos();
			this.openedAt = System.nanoTime();
			this.listener.connectionOpened();
		}
	}

	@Override
	public long remainingNanos() {
		long openedAt = this.openedAt;
		return (openedAt != 0) ? openedAt + this.lifeNanos - System.nanoTime() : Long.MAX_VALUE;
	}

	@Override
	public boolean isOutdated() {
		return this.tls && this.tlsGeneration != this.lifePolicy.tlsGeneration().getAsInt();
	}

	@Override
	public void sendRequestHeader(ClassicHttpRequest request) throws HttpException, IOException {
		this.requests++;
		this.listener.requestSent();
		if (announcesClose(request)) {
			this.pendingReason = ConnectionCloseReason.NOT_REUSABLE;
		}
		io(() -> this.connection.sendRequestHeader(request));
	}

	@Override
	public void sendRequestEntity(ClassicHttpRequest request) throws HttpException, IOException {
		io(() -> this.connection.sendRequestEntity(request));
	}

	@Override
	public void terminateRequest(ClassicHttpRequest request) throws HttpException, IOException {
		this.connection.terminateRequest(request);
	}

	@Override
	public ClassicHttpResponse receiveResponseHeader() throws HttpException, IOException {
		ClassicHttpResponse[] response = new ClassicHttpResponse[1];
		io(() -> response[0] = this.connection.receiveResponseHeader());
		// Servers echo the client's own "Connection: close": that close stays the client's
		if (announcesClose(response[0]) && this.pendingReason != ConnectionCloseReason.NOT_REUSABLE) {
			this.pendingReason = ConnectionCloseReason.CLOSED_BY_SERVER;
		}
		return response[0];
	}

	private static boolean announcesClose(HttpMessage message) {
		Header connection = message.getFirstHeader(HttpHeaders.CONNECTION);
		return connection != null && HeaderElements.CLOSE.equalsIgnoreCase(connection.getValue());
	}

	@Override
	public void receiveResponseEntity(ClassicHttpResponse response) throws HttpException, IOException {
		io(() -> this.connection.receiveResponseEntity(response));
	}

	private void io(IoAction action) throws HttpException, IOException {
		try {
			action.run();
		}
		catch (NoHttpResponseException | ConnectionClosedException ex) {
			this.pendingReason = ConnectionCloseReason.CLOSED_BY_SERVER;
			throw ex;
		}
		catch (IOException | HttpException | RuntimeException ex) {
			this.pendingReason = ConnectionCloseReason.ERROR;
			throw ex;
		}
	}

	@Override
	public boolean isStale() throws IOException {
		boolean stale = this.connection.isStale();
		if (stale) {
			this.pendingReason = ConnectionCloseReason.STALE;
		}
		return stale;
	}

	@Override
	public void close(CloseMode closeMode) {
		this.connection.close(closeMode);
		closed((closeMode == CloseMode.IMMEDIATE) ? ConnectionCloseReason.ERROR : null);
	}

	@Override
	public void close() throws IOException {
		this.connection.close();
		closed(null);
	}

	private void closed(ConnectionCloseReason immediateReason) {
		if (this.openedAt == 0 || !this.closed.compareAndSet(false, true)) {
			return;
		}
		this.listener.connectionClosed(reason(immediateReason), this.requests);
	}

	private ConnectionCloseReason reason(ConnectionCloseReason immediateReason) {
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
		this.connection.passivate();
	}

	@Override
	public void activate() {
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

	@FunctionalInterface
	private interface IoAction {

		void run() throws HttpException, IOException;

	}

}
