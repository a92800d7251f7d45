package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * Tells whether the server has closed an idle connection, without waiting: one
 * non-blocking read of the socket's channel. End of stream (FIN) or a reset (RST) means
 * closed; so do bytes nobody asked for, since an idle HTTP/1.1 connection has nothing to
 * read (a {@code 408} sent before closing, say), and the read took them. Over TLS the
 * raw socket is only read when it has no bytes waiting: a waiting TLS record (a
 * {@code close_notify}, or a session ticket that must not be taken from the TLS layer) is
 * read through the TLS socket, which waits up to 1 ms for application data behind it.
 * Costs a few microseconds; the 1 ms only when a record waits.
 */
final class StaleCheck {

	private static final int TLS_READ_TIMEOUT_MILLIS = 1;

	private final SocketChannel channel;

	private final @Nullable SSLSocket tlsSocket;

	private final ByteBuffer oneByte = ByteBuffer.allocate(1);

	private @Nullable InputStream rawInput;

	private StaleCheck(SocketChannel channel, @Nullable SSLSocket tlsSocket) {
		this.channel = channel;
		this.tlsSocket = tlsSocket;
	}

	/**
	 * The check of a connection over the given socket, if it has a channel.
	 * @param socket the connection's (raw) socket
	 * @param tlsSocket the TLS socket layered over it, if any
	 * @return the check, or {@code null} if the socket has no channel
	 */
	static @Nullable StaleCheck of(Socket socket, @Nullable SSLSocket tlsSocket) {
		SocketChannel channel = socket.getChannel();
		return (channel != null) ? new StaleCheck(channel, tlsSocket) : null;
	}

	/**
	 * Whether the server has closed the connection (or sent it something unasked). A
	 * {@code true} may have consumed bytes: the connection must then be closed.
	 * @return whether the connection is stale
	 */
	boolean isStale() {
		try {
			if (this.tlsSocket != null && rawInput().available() > 0) {
				return tlsRecordEndsTheConnection(this.tlsSocket);
			}
			return readWithoutBlocking() != 0;
		}
		catch (IOException ex) {
			return true;
		}
	}

	private InputStream rawInput() throws IOException {
		InputStream input = this.rawInput;
		if (input == null) {
			input = this.channel.socket().getInputStream();
			this.rawInput = input;
		}
		return input;
	}

	private int readWithoutBlocking() throws IOException {
		this.oneByte.clear();
		this.channel.configureBlocking(false);
		try {
			return this.channel.read(this.oneByte);
		}
		finally {
			this.channel.configureBlocking(true);
		}
	}

	private static boolean tlsRecordEndsTheConnection(SSLSocket tlsSocket) throws IOException {
		int timeout = tlsSocket.getSoTimeout();
		tlsSocket.setSoTimeout(TLS_READ_TIMEOUT_MILLIS);
		try {
			// end of stream (close_notify) or unasked application data
			tlsSocket.getInputStream().read();
			return true;
		}
		catch (SocketTimeoutException ex) {
			// a handshake message (session ticket, key update), consumed by the TLS layer
			return false;
		}
		finally {
			tlsSocket.setSoTimeout(timeout);
		}
	}

}
