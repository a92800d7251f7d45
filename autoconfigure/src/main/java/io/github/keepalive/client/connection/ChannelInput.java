package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

import io.github.keepalive.client.connection.ChannelStreams.Peek;

/**
 * The input stream of a {@link ChannelSocket}, over its non-blocking channel. A read
 * first takes what an earlier read or {@link #peek()} left in a small buffer; a read of a
 * larger block goes straight into the caller's array. When the channel has nothing, the
 * read waits on the read selector of its {@link ChannelStreams} up to the read timeout,
 * then reads again: the system calls of a plain socket's timed read (a read, a poll, a
 * read), none to switch the blocking mode. The first read for an answer waits first
 * where answers are rarely there yet ({@link AnswerTiming}), which saves the read that
 * would find nothing.
 */
final class ChannelInput extends InputStream {

	// a TLS record header, a small response: one read serves several reads of the caller
	private static final int BUFFER_SIZE = 2048;

	private final ChannelStreams streams;

	private final SocketChannel channel;

	private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).flip();

	private final AnswerTiming answers = new AnswerTiming();

	private final ArrayView view = new ArrayView();

	private final byte[] oneByte = new byte[1];

	ChannelInput(ChannelStreams streams, SocketChannel channel) {
		this.streams = streams;
		this.channel = channel;
	}

	/**
	 * Reads what waits on the idle connection, without waiting: asks the read selector
	 * first where there is one, and reads only if it finds the channel readable. Bytes read
	 * stay for the next read. Never call it while a read or write is under way.
	 * @return what it found
	 */
	Peek peek() {
		if (this.streams.isClosed()) {
			return Peek.CLOSED;
		}
		if (this.buffer.hasRemaining()) {
			return Peek.DATA;
		}
		try {
			if (!this.streams.mayBeReadable()) {
				return Peek.NOTHING;
			}
			int read = fillBuffer();
			return (read < 0) ? Peek.CLOSED : (read > 0) ? Peek.DATA : Peek.NOTHING;
		}
		catch (IOException ex) {
			// reset by the server, or closed meanwhile
			return Peek.CLOSED;
		}
	}

	@Override
	public int read() throws IOException {
		int read = read(this.oneByte, 0, 1);
		return (read > 0) ? this.oneByte[0] & 0xff : -1;
	}

	@Override
	public int read(byte[] bytes, int offset, int length) throws IOException {
		this.streams.ensureOpen();
		Objects.checkFromIndexSize(offset, length, bytes.length);
		if (length == 0) {
			return 0;
		}
		if (this.buffer.hasRemaining()) {
			return take(bytes, offset, length);
		}
		boolean answer = this.streams.answerDue();
		boolean await = answer && this.answers.awaitFirst();
		boolean interrupted = false;
		try {
			long deadline = 0;
			for (int attempt = 0;; attempt++) {
				if (await) {
					int timeout = this.streams.readTimeoutMillis();
					if (timeout > 0 && deadline == 0) {
						// the first wait is the whole timeout: no second look at the clock
						deadline = System.nanoTime() + timeout * 1_000_000L;
						interrupted |= this.streams.awaitReadable(timeout);
					}
					else {
						interrupted |= awaitReadable(timeout, deadline);
					}
				}
				int read = readNow(bytes, offset, length);
				if (answer && attempt == 0 && !await) {
					this.answers.triedFirst(read != 0);
				}
				if (read != 0) {
					return read;
				}
				await = true;
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
	}

	@Override
	public int available() {
		return this.buffer.remaining();
	}

	@Override
	public void close() throws IOException {
		this.streams.close();
	}

	private int fillBuffer() throws IOException {
		this.buffer.clear();
		try {
			return this.channel.read(this.buffer);
		}
		finally {
			this.buffer.flip();
		}
	}

	private int readNow(byte[] bytes, int offset, int length) throws IOException {
		if (length >= BUFFER_SIZE) {
			return this.channel.read(this.view.of(bytes, offset, length));
		}
		int read = fillBuffer();
		return (read > 0) ? take(bytes, offset, length) : read;
	}

	private int take(byte[] bytes, int offset, int length) {
		int taken = Math.min(length, this.buffer.remaining());
		this.buffer.get(bytes, offset, taken);
		return taken;
	}

	/**
	 * Waits until the channel can be read, the deadline passes or the socket closes.
	 * @return whether the thread was interrupted meanwhile (its flag is cleared)
	 */
	private boolean awaitReadable(int timeoutMillis, long deadline) throws IOException {
		long waitMillis = 0;
		if (timeoutMillis > 0) {
			long leftNanos = deadline - System.nanoTime();
			if (leftNanos <= 0) {
				throw new SocketTimeoutException("Read timed out");
			}
			waitMillis = Math.max(1, (leftNanos + 999_999) / 1_000_000);
		}
		return this.streams.awaitReadable(waitMillis);
	}

}
