package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The far end of one connection on loopback, a plain socket the test drives by hand, for
 * tests of the client's end: connect to {@link #address()}, then {@link #accept()}; or
 * {@link #connectStreams()}. Register it with {@code @RegisterExtension}: it closes both
 * ends after each test.
 */
final class LoopbackPeer implements AfterEachCallback {

	private final ServerSocket listener;

	private @Nullable Socket socket;

	private @Nullable ChannelStreams streams;

	LoopbackPeer() {
		try {
			this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
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

	/**
	 * Connects a channel to the peer and accepts it: non-blocking, as a
	 * {@link ChannelSocket}'s once connected.
	 * @return the channel's streams
	 * @throws IOException if it cannot connect
	 */
	ChannelStreams connectStreams() throws IOException {
		SocketChannel channel = SocketChannel.open(address());
		channel.configureBlocking(false);
		this.streams = new ChannelStreams(channel);
		accept();
		return this.streams;
	}

	/**
	 * The peer's end, once accepted.
	 * @return the socket
	 */
	Socket socket() {
		if (this.socket == null) {
			throw new IllegalStateException("Not accepted yet");
		}
		return this.socket;
	}

	@Override
	public void afterEach(ExtensionContext context) throws IOException {
		try {
			if (this.streams != null) {
				this.streams.close();
			}
			if (this.socket != null) {
				this.socket.close();
			}
		}
		finally {
			this.listener.close();
		}
	}

}
