package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Socket;
import java.net.SocketTimeoutException;

import javax.net.ssl.SSLSocket;

import org.jspecify.annotations.Nullable;

/**
 * Tells whether the server has closed an idle connection, without waiting: a look at the
 * {@link ChannelSocket}'s read selector, then a non-blocking read only if it finds
 * something (before the connection's first wait for an answer, just the read). End of
 * stream (FIN) or a reset (RST) means closed; so do bytes nobody asked for, since an idle
 * HTTP/1.1 connection has nothing to read (a {@code 408} sent before closing, say). Over
 * TLS, bytes waiting are a TLS record, which the read keeps for the TLS layer: it is read
 * through the TLS socket, which waits up to 1 ms for application data behind it, since a
 * {@code close_notify} or data ends the connection and a handshake message (a session
 * ticket) does not. Costs one system call on a live connection; the 1 ms only when a
 * record waits.
 */
final class StaleCheck {

	private static final int TLS_READ_TIMEOUT_MILLIS = 1;

	private final ChannelSocket socket;

	private final @Nullable SSLSocket tlsSocket;

	private StaleCheck(ChannelSocket socket, @Nullable SSLSocket tlsSocket) {
		this.socket = socket;
		this.tlsSocket = tlsSocket;
	}

	/**
	 * The check of a connection over the given socket, if it is a channel socket.
	 * @param socket the connection's (raw) socket
	 * @param tlsSocket the TLS socket layered over it, if any
	 * @return the check, or {@code null} if the socket is a plain one (through SOCKS)
	 */
	static @Nullable StaleCheck of(Socket socket, @Nullable SSLSocket tlsSocket) {
		return (socket instanceof ChannelSocket channelSocket) ? new StaleCheck(channelSocket, tlsSocket) : null;
	}

	/**
	 * Whether the server has closed the connection (or sent it something unasked). A
	 * {@code true} may have consumed bytes: the connection must then be closed.
	 * @return whether the connection is stale
	 */
	boolean isStale() {
		return switch (this.socket.peek()) {
			case NOTHING -> false;
			case CLOSED -> true;
			case DATA -> this.tlsSocket == null || tlsRecordEndsTheConnection(this.tlsSocket);
		};
	}

	private static boolean tlsRecordEndsTheConnection(SSLSocket tlsSocket) {
		try {
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
		catch (IOException ex) {
			return true;
		}
	}

}
