package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketAddress;
import java.net.SocketException;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * A socket over a {@link SocketChannel} that is non-blocking once connected, so that
 * {@link #peek()} tells with one read that never waits whether the server has closed
 * the connection. Reads and writes wait on a selector of the socket's own
 * ({@link ChannelStreams}), reads up to the socket timeout, as a plain socket's do. The
 * JDK's own channel socket switches the blocking mode twice around every timed read,
 * four system calls more per read; this one never switches after the connect.
 * Everything but the streams, the timeout and the close is the channel's own socket's
 * ({@link DelegatingSocket}).
 */
final class ChannelSocket extends DelegatingSocket {

	private final SocketChannel channel;

	private final ChannelStreams streams;

	ChannelSocket() throws IOException {
		this(SocketChannel.open());
	}

	private ChannelSocket(SocketChannel channel) throws SocketException {
		super(channel.socket());
		this.channel = channel;
		this.streams = new ChannelStreams(channel);
	}

	/**
	 * Reads what the server sent to the idle connection, without waiting; what it reads
	 * stays for the next read of the input stream.
	 * @return what it found
	 */
	ChannelStreams.Peek peek() {
		return this.streams.peek();
	}

	/**
	 * {@return whether a read has waited on this socket: its stale check then asks the
	 * selector first}
	 */
	boolean hasReadSelector() {
		return this.streams.hasReadSelector();
	}

	@Override
	public void connect(SocketAddress endpoint) throws IOException {
		connect(endpoint, 0);
	}

	@Override
	public void connect(SocketAddress endpoint, int timeout) throws IOException {
		// the channel's socket connects in blocking mode, with the timeout
		this.socket.connect(endpoint, timeout);
		this.channel.configureBlocking(false);
	}

	@Override
	public InputStream getInputStream() throws IOException {
		ensureConnected();
		return this.streams.input();
	}

	@Override
	public OutputStream getOutputStream() throws IOException {
		ensureConnected();
		return this.streams.output();
	}

	private void ensureConnected() throws SocketException {
		if (isClosed()) {
			throw new SocketException("Socket is closed");
		}
		if (!isConnected()) {
			throw new SocketException("Socket is not connected");
		}
	}

	@Override
	public void setSoTimeout(int timeout) throws SocketException {
		if (timeout < 0) {
			throw new IllegalArgumentException("timeout < 0");
		}
		this.streams.setReadTimeoutMillis(timeout);
	}

	@Override
	public int getSoTimeout() {
		return this.streams.readTimeoutMillis();
	}

	@Override
	public void close() throws IOException {
		this.streams.close();
	}

	@Override
	public @Nullable SocketChannel getChannel() {
		// its blocking mode is this socket's to keep
		return null;
	}

}
