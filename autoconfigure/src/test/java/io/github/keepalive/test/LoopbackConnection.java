package io.github.keepalive.test;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ProtocolException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import javax.net.ssl.SSLSocket;

import io.github.keepalive.test.LoopbackHttpServer.CloseMode;
import io.github.keepalive.test.LoopbackHttpServer.Fault;
import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;

/**
 * One connection accepted by {@link LoopbackHttpServer}, served on a thread of its own:
 * the TLS handshake, requests read one after the other and answered as the
 * {@link Responder} says, and which side closed the connection.
 */
final class LoopbackConnection implements Runnable {

	/** How long the server waits for a handshake, or a request once its first byte came. */
	private static final int READ_TIMEOUT_MILLIS = 10_000;

	private static final int MAX_RECORDED_BODY = 64 * 1024;

	private final LoopbackHttpServer server;

	private final LoopbackCounters counters;

	private final Responder responder;

	private final int id;

	private final Socket socket;

	/** Set once the end of the connection was counted, as closed by the client or the server. */
	private final AtomicBoolean closeCounted = new AtomicBoolean();

	private final AtomicBoolean ended = new AtomicBoolean();

	/** Whether the connection waits for the first byte of its next request. */
	private volatile boolean idle;

	/** Set by a graceful close: the connection closes after its current response. */
	private volatile boolean draining;

	LoopbackConnection(LoopbackHttpServer server, LoopbackCounters counters, Responder responder, int id,
			Socket socket) {
		this.server = server;
		this.counters = counters;
		this.responder = responder;
		this.id = id;
		this.socket = socket;
	}

	@Override
	public void run() {
		try {
			this.socket.setTcpNoDelay(true);
			if (!handshake()) {
				return;
			}
			InputStream in = new BufferedInputStream(this.socket.getInputStream());
			OutputStream out = new BufferedOutputStream(this.socket.getOutputStream());
			for (int sequence = 1;; sequence++) {
				int first = awaitNextRequest(in);
				if (first == -1) {
					return;
				}
				this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
				RecordedRequest request = readRequest(first, in, sequence);
				boolean keepAlive = false;
				try {
					this.counters.received(request);
					keepAlive = respond(request, in, out);
				}
				finally {
					this.counters.inFlight.decrementAndGet();
				}
				if (!keepAlive) {
					return;
				}
			}
		}
		catch (IOException ex) {
			// The client went away mid-exchange (or the server closed the socket)
			clientClosed();
		}
		finally {
			LoopbackServers.closeQuietly(this.socket);
			ended();
		}
	}

	/**
	 * Completes the TLS handshake of a TLS connection.
	 * @return whether the connection can carry requests
	 */
	private boolean handshake() throws IOException {
		if (!(this.socket instanceof SSLSocket sslSocket)) {
			return true;
		}
		this.socket.setSoTimeout(READ_TIMEOUT_MILLIS);
		try {
			sslSocket.startHandshake();
		}
		catch (IOException ex) {
			// counted as a failed handshake only, not as a close by either side
			this.closeCounted.set(true);
			this.counters.handshakeFailures.add(ex);
			return false;
		}
		this.counters.tlsHandshakes.incrementAndGet();
		return true;
	}

	/**
	 * Waits for the first byte of the next request.
	 * @return the byte, or -1 when the connection is over
	 */
	private int awaitNextRequest(InputStream in) throws IOException {
		Duration idle = this.responder.idleCloseAfter;
		this.socket.setSoTimeout((idle != null) ? (int) Math.max(1, idle.toMillis()) : 0);
		this.idle = true;
		try {
			if (this.draining) {
				closeByServer(CloseMode.FIN);
				return -1;
			}
			int first = in.read();
			this.idle = false;
			if (first == -1) {
				clientClosed();
			}
			return first;
		}
		catch (SocketTimeoutException ex) {
			closeByServer(this.responder.idleCloseMode);
			return -1;
		}
		catch (IOException ex) {
			clientClosed();
			return -1;
		}
	}

	private RecordedRequest readRequest(int first, InputStream in, int sequence) throws IOException {
		try {
			return HttpRequestReader.read(first, in, this.id, sequence, MAX_RECORDED_BODY);
		}
		catch (ProtocolException ex) {
			closeByServer(CloseMode.FIN);
			throw ex;
		}
	}

	/**
	 * Sends the response to one request.
	 * @return whether the connection stays open
	 */
	private boolean respond(RecordedRequest request, InputStream in, OutputStream out) throws IOException {
		Fault fault = this.responder.faultFor(request);
		boolean close = this.responder.closesConnection(request, fault) || this.draining;
		if (!awaitRelease(request)) {
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
		if (!this.server.pause(this.responder.delayFor(request, this.counters.inFlight.get()))) {
			return false;
		}
		byte[] body = this.responder.body(request);
		out.write(this.responder.head(body.length, close));
		int length = "HEAD".equals(request.method()) ? 0 : body.length;
		if (fault == Fault.TRUNCATE_BODY || fault == Fault.STALL_MID_BODY) {
			out.write(body, 0, length / 2);
			out.flush();
			if (fault == Fault.STALL_MID_BODY) {
				stall(in);
			}
			else {
				closeByServer(CloseMode.FIN);
			}
			return false;
		}
		out.write(body, 0, length);
		out.flush();
		this.counters.responses.incrementAndGet();
		if (close || fault == Fault.CLOSE_AFTER_RESPONSE) {
			closeByServer(CloseMode.FIN);
			return false;
		}
		return true;
	}

	private boolean awaitRelease(RecordedRequest request) {
		try {
			return this.responder.awaitRelease(request);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	/**
	 * Sends nothing for the stall time, noticing when the client gives up, then closes
	 * the connection.
	 */
	private void stall(InputStream in) throws IOException {
		long deadline = System.nanoTime() + this.responder.stallTime.toNanos();
		this.socket.setSoTimeout(20);
		while (System.nanoTime() - deadline < 0 && this.server.isRunning()) {
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
			this.counters.clientCloseNanoTimes.add(System.nanoTime());
			this.counters.closedByClient.incrementAndGet();
		}
	}

	/**
	 * Closes the connection now if it is idle, else after the response being prepared,
	 * which announces {@code Connection: close}.
	 */
	void closeGracefully() {
		this.draining = true;
		if (this.idle) {
			closeByServer(CloseMode.FIN);
		}
	}

	void closeByServer(CloseMode mode) {
		if (!this.closeCounted.compareAndSet(false, true)) {
			return;
		}
		try {
			if (mode == CloseMode.RST) {
				this.socket.setSoLinger(true, 0);
			}
			this.socket.close();
		}
		catch (IOException ex) {
			// ignore
		}
		finally {
			// counted once the FIN or RST is out: a test that waits for the close and then
			// sends must find it sent (counted before, a busy machine let a POST slip in)
			this.counters.closedByServer.incrementAndGet();
		}
	}

	void ended() {
		if (this.ended.compareAndSet(false, true)) {
			this.server.ended(this);
		}
	}

}
