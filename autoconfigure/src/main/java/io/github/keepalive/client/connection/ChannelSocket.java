package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketException;
import java.net.SocketImpl;
import java.net.SocketOption;
import java.nio.channels.SocketChannel;
import java.util.Set;

import org.jspecify.annotations.Nullable;

/**
 * A socket over a {@link SocketChannel} that is non-blocking once connected, so that
 * {@link #peek()} tells with one read that never waits whether the server has closed
 * the connection. Reads and writes wait on a selector of the socket's own
 * ({@link ChannelStreams}), reads up to the socket timeout, as a plain socket's do. The
 * JDK's own channel socket switches the blocking mode twice around every timed read,
 * four system calls more per read; this one never switches after the connect.
 * Everything but the streams, the timeout and the close is the channel's own socket's.
 */
final class ChannelSocket extends Socket {

	private final SocketChannel channel;

	private final Socket socket;

	private final ChannelStreams streams;

	ChannelSocket() throws IOException {
		// no SocketImpl: every method is the channel's
		super((SocketImpl) null);
		this.channel = SocketChannel.open();
		this.socket = this.channel.socket();
		this.streams = new ChannelStreams(this.channel);
	}

	/**
	 * Reads what the server sent to the idle connection, without waiting; what it reads
	 * stays for the next read of the input stream.
	 * @return what it found
	 */
	ChannelStreams.Peek peek() {
		return this.streams.peek();
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
	public void bind(@Nullable SocketAddress bindpoint) throws IOException {
		this.socket.bind(bindpoint);
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
	public @Nullable InetAddress getInetAddress() {
		return this.socket.getInetAddress();
	}

	@Override
	public InetAddress getLocalAddress() {
		return this.socket.getLocalAddress();
	}

	@Override
	public int getPort() {
		return this.socket.getPort();
	}

	@Override
	public int getLocalPort() {
		return this.socket.getLocalPort();
	}

	@Override
	public @Nullable SocketAddress getRemoteSocketAddress() {
		return this.socket.getRemoteSocketAddress();
	}

	@Override
	public @Nullable SocketAddress getLocalSocketAddress() {
		return this.socket.getLocalSocketAddress();
	}

	@Override
	public @Nullable SocketChannel getChannel() {
		// its blocking mode is this socket's to keep
		return null;
	}

	@Override
	public void setTcpNoDelay(boolean on) throws SocketException {
		this.socket.setTcpNoDelay(on);
	}

	@Override
	public boolean getTcpNoDelay() throws SocketException {
		return this.socket.getTcpNoDelay();
	}

	@Override
	public void setSoLinger(boolean on, int linger) throws SocketException {
		this.socket.setSoLinger(on, linger);
	}

	@Override
	public int getSoLinger() throws SocketException {
		return this.socket.getSoLinger();
	}

	@Override
	public void sendUrgentData(int data) throws IOException {
		this.socket.sendUrgentData(data);
	}

	@Override
	public void setOOBInline(boolean on) throws SocketException {
		this.socket.setOOBInline(on);
	}

	@Override
	public boolean getOOBInline() throws SocketException {
		return this.socket.getOOBInline();
	}

	@Override
	public void setSendBufferSize(int size) throws SocketException {
		this.socket.setSendBufferSize(size);
	}

	@Override
	public int getSendBufferSize() throws SocketException {
		return this.socket.getSendBufferSize();
	}

	@Override
	public void setReceiveBufferSize(int size) throws SocketException {
		this.socket.setReceiveBufferSize(size);
	}

	@Override
	public int getReceiveBufferSize() throws SocketException {
		return this.socket.getReceiveBufferSize();
	}

	@Override
	public void setKeepAlive(boolean on) throws SocketException {
		this.socket.setKeepAlive(on);
	}

	@Override
	public boolean getKeepAlive() throws SocketException {
		return this.socket.getKeepAlive();
	}

	@Override
	public void setTrafficClass(int tc) throws SocketException {
		this.socket.setTrafficClass(tc);
	}

	@Override
	public int getTrafficClass() throws SocketException {
		return this.socket.getTrafficClass();
	}

	@Override
	public void setReuseAddress(boolean on) throws SocketException {
		this.socket.setReuseAddress(on);
	}

	@Override
	public boolean getReuseAddress() throws SocketException {
		return this.socket.getReuseAddress();
	}

	@Override
	public void shutdownInput() throws IOException {
		this.socket.shutdownInput();
	}

	@Override
	public void shutdownOutput() throws IOException {
		this.socket.shutdownOutput();
	}

	@Override
	public boolean isConnected() {
		return this.socket.isConnected();
	}

	@Override
	public boolean isBound() {
		return this.socket.isBound();
	}

	@Override
	public boolean isClosed() {
		return this.socket.isClosed();
	}

	@Override
	public boolean isInputShutdown() {
		return this.socket.isInputShutdown();
	}

	@Override
	public boolean isOutputShutdown() {
		return this.socket.isOutputShutdown();
	}

	@Override
	public void setPerformancePreferences(int connectionTime, int latency, int bandwidth) {
		this.socket.setPerformancePreferences(connectionTime, latency, bandwidth);
	}

	@Override
	public <T> Socket setOption(SocketOption<T> name, T value) throws IOException {
		this.socket.setOption(name, value);
		return this;
	}

	@Override
	public <T> T getOption(SocketOption<T> name) throws IOException {
		return this.socket.getOption(name);
	}

	@Override
	public Set<SocketOption<?>> supportedOptions() {
		return this.socket.supportedOptions();
	}

	@Override
	public String toString() {
		return this.socket.toString();
	}

}
