package io.github.keepalive.client.connection;

import java.io.Closeable;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

import org.jspecify.annotations.Nullable;

/**
 * The far end of one connection on loopback, a plain socket the test drives by hand, for
 * tests of the client's end: connect to {@link #address()}, then {@link #accept()}.
 */
final class LoopbackPeer implements Closeable {

	private final ServerSocket listener;

	private @Nullable Socket socket;

	LoopbackPeer() throws IOException {
		this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
	}

	InetSocketAddress address() {
		return new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort());
	}

	/**
	 * The peer's end of the connection the client made.
	 * @return the socket, with a read timeout no test reaches
	 * @throws IOException if it cannot be accepted
	 */
	Socket accept() throws IOException {
		Socket socket = this.listener.accept();
		socket.setSoTimeout(10_000);
		this.socket = socket;
		return socket;
	}

	@Override
	public void close() throws IOException {
		try {
			if (this.socket != null) {
				this.socket.close();
			}
		}
		finally {
			this.listener.close();
		}
	}

}
