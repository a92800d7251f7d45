package io.github.keepalive.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.function.Consumer;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;

/**
 * The listening socket of {@link LoopbackHttpServer}, plain or TLS, and the thread that
 * accepts its connections. It can stop listening and listen again on the same port.
 */
final class LoopbackListener {

	/** The TLS context, or {@code null} for plain HTTP. */
	private volatile SSLContext sslContext;

	private final boolean needClientAuth;

	private final Consumer<Socket> onAccept;

	private final int port;

	private ServerSocket socket;

	private Thread acceptThread;

	/**
	 * Binds an ephemeral port of {@code 127.0.0.1}; connections queue until
	 * {@link #start()}.
	 * @param sslContext the TLS context, or {@code null} for plain HTTP
	 * @param needClientAuth whether TLS clients must present a certificate
	 * @param onAccept called with every accepted socket, on the accept thread
	 */
	LoopbackListener(SSLContext sslContext, boolean needClientAuth, Consumer<Socket> onAccept) {
		this.sslContext = sslContext;
		this.needClientAuth = needClientAuth;
		this.onAccept = onAccept;
		this.socket = bind(0);
		this.port = this.socket.getLocalPort();
	}

	int port() {
		return this.port;
	}

	boolean isTls() {
		return this.sslContext != null;
	}

	/**
	 * Accepts connections, after {@link #stop()} on the same port again. Does nothing
	 * while accepting.
	 */
	synchronized void start() {
		if (this.socket.isClosed()) {
			this.socket = bind(this.port);
		}
		else if (this.acceptThread != null) {
			return;
		}
		ServerSocket listening = this.socket;
		this.acceptThread = new Thread(() -> acceptLoop(listening), "loopback-http-" + this.port + "-accept");
		this.acceptThread.setDaemon(true);
		this.acceptThread.start();
	}

	/**
	 * Closes the listening socket, so that connections are refused, and waits for the
	 * accept thread to end.
	 */
	synchronized void stop() {
		LoopbackServers.closeQuietly(this.socket);
		if (this.acceptThread != null) {
			try {
				this.acceptThread.join(5000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Listens again on the same port with another TLS context; accepted connections stay.
	 * @param sslContext the new context
	 */
	synchronized void rebind(SSLContext sslContext) {
		if (this.sslContext == null) {
			throw new IllegalStateException("A plain HTTP listener cannot switch to TLS");
		}
		stop();
		this.sslContext = sslContext;
		start();
	}

	private ServerSocket bind(int port) {
		try {
			if (this.sslContext == null) {
				return LoopbackServers.bind(new ServerSocket(), port);
			}
			SSLServerSocket socket = (SSLServerSocket) this.sslContext.getServerSocketFactory().createServerSocket();
			socket.setNeedClientAuth(this.needClientAuth);
			return LoopbackServers.bind(socket, port);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private void acceptLoop(ServerSocket listening) {
		while (!listening.isClosed()) {
			try {
				this.onAccept.accept(listening.accept());
			}
			catch (IOException ex) {
				return;
			}
		}
	}

}
