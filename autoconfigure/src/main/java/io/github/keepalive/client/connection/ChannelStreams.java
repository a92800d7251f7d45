package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

/**
 * The input and output streams of a {@link ChannelSocket}, over its non-blocking
 * channel. A read first takes what an earlier read or {@link #peek()} left in a small
 * buffer; a read of a larger block goes straight into the caller's array. When the
 * channel has nothing, the read waits on a selector of its own up to the read timeout,
 * then reads again: the system calls of a plain socket's timed read (a read, a poll, a
 * read), none to switch the blocking mode. The first read for an answer waits first
 * where answers are rarely there yet ({@link AnswerTiming}), which saves the read that
 * would find nothing.
 * <p>
 * Like a plain socket's, the streams ignore interrupts (the flag is kept for the caller)
 * and end only with data, end of stream, the timeout, an error or {@link #close()}, which
 * wakes a waiting reader or writer.
 */
final class ChannelStreams {

	// a TLS record header, a small response: one read serves several reads of the caller
	private static final int BUFFER_SIZE = 2048;

	private final SocketChannel channel;

	private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_SIZE).flip();

	private final Input input = new Input();

	private final Output output = new Output();

	private volatile int readTimeoutMillis;

	private volatile boolean closed;

	// whether something was written since the last read: the next read waits for an answer
	private boolean written;

	private final AnswerTiming answers = new AnswerTiming();

	private @Nullable Selector readSelector;

	private @Nullable Selector writeSelector;

	private final ArrayView readView = new ArrayView();

	private final ArrayView writeView = new ArrayView();

	ChannelStreams(SocketChannel channel) {
		this.channel = channel;
	}

	InputStream input() {
		return this.input;
	}

	OutputStream output() {
		return this.output;
	}

	int readTimeoutMillis() {
		return this.readTimeoutMillis;
	}

	void setReadTimeoutMillis(int timeout) {
		this.readTimeoutMillis = timeout;
	}

	/**
	 * Reads what waits on the idle connection, without waiting. Bytes read stay for the
	 * input stream. Never call it while a read or write is under way.
	 * @return what it found
	 */
	Peek peek() {
		if (this.closed) {
			return Peek.CLOSED;
		}
		if (this.buffer.hasRemaining()) {
			return Peek.DATA;
		}
		try {
			int read = fillBuffer();
			return (read < 0) ? Peek.CLOSED : (read > 0) ? Peek.DATA : Peek.NOTHING;
		}
		catch (IOException ex) {
			// reset by the server, or closed meanwhile
			return Peek.CLOSED;
		}
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

	private int read(byte[] bytes, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		if (length == 0) {
			return 0;
		}
		if (this.buffer.hasRemaining()) {
			return take(bytes, offset, length);
		}
		boolean answer = this.written;
		this.written = false;
		boolean await = answer && this.answers.awaitFirst();
		boolean interrupted = false;
		try {
			long deadline = 0;
			for (int attempt = 0;; attempt++) {
				if (await) {
					int timeout = this.readTimeoutMillis;
					if (timeout > 0 && deadline == 0) {
						deadline = System.nanoTime() + timeout * 1_000_000L;
					}
					interrupted |= awaitReadable(timeout, deadline);
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

	private int readNow(byte[] bytes, int offset, int length) throws IOException {
		if (length >= BUFFER_SIZE) {
			return this.channel.read(this.readView.of(bytes, offset, length));
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
		Selector selector = this.readSelector;
		if (selector == null) {
			selector = openSelector(SelectionKey.OP_READ);
			this.readSelector = selector;
		}
		return await(selector, waitMillis);
	}

	private void write(byte[] bytes, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		ByteBuffer source = this.writeView.of(bytes, offset, length);
		boolean interrupted = false;
		try {
			while (source.hasRemaining()) {
				ensureOpen();
				if (this.channel.write(source) == 0) {
					Selector selector = this.writeSelector;
					if (selector == null) {
						selector = openSelector(SelectionKey.OP_WRITE);
						this.writeSelector = selector;
					}
					// a plain socket's write waits for room without a timeout too
					interrupted |= await(selector, 0);
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		this.written = true;
	}

	private Selector openSelector(int interest) throws IOException {
		ensureOpen();
		Selector selector = Selector.open();
		try {
			this.channel.register(selector, interest);
		}
		catch (IOException | RuntimeException ex) {
			selector.close();
			throw ex;
		}
		if (this.closed) {
			selector.close();
			throw new SocketException("Socket closed");
		}
		return selector;
	}

	private boolean await(Selector selector, long millis) throws IOException {
		try {
			selector.select(millis);
			selector.selectedKeys().clear();
		}
		catch (ClosedSelectorException ex) {
			// closed by close() on another thread
		}
		ensureOpen();
		// an interrupt ends the select at once, and would end every select after it
		return Thread.interrupted();
	}

	private void ensureOpen() throws SocketException {
		if (this.closed) {
			throw new SocketException("Socket closed");
		}
	}

	/**
	 * Closes the channel, and the selectors, which wakes a thread waiting on one.
	 * @throws IOException if the channel cannot be closed
	 */
	void close() throws IOException {
		if (this.closed) {
			return;
		}
		this.closed = true;
		try {
			this.channel.close();
		}
		finally {
			// deregisters the channel, which completes its close, and ends a wait
			closeQuietly(this.readSelector);
			closeQuietly(this.writeSelector);
		}
	}

	private static void closeQuietly(@Nullable Selector selector) {
		if (selector != null) {
			try {
				selector.close();
			}
			catch (IOException ex) {
				// closed anyway
			}
		}
	}

	/**
	 * What an idle connection holds.
	 */
	enum Peek {

		/** Nothing: the server has not written, nor closed. */
		NOTHING,

		/** Bytes the server sent unasked, kept for the next read. */
		DATA,

		/** End of stream or a reset: the server has closed the connection. */
		CLOSED

	}

	/**
	 * A buffer over the caller's array: callers read or write through the same array
	 * again and again, so it is wrapped once.
	 */
	private static final class ArrayView {

		private byte @Nullable [] array;

		private ByteBuffer view = ByteBuffer.allocate(0);

		ByteBuffer of(byte[] bytes, int offset, int length) {
			ByteBuffer view = this.view;
			if (this.array != bytes) {
				view = ByteBuffer.wrap(bytes);
				this.view = view;
				this.array = bytes;
			}
			view.clear();
			view.position(offset);
			view.limit(offset + length);
			return view;
		}

	}

	private final class Input extends InputStream {

		private final byte[] oneByte = new byte[1];

		@Override
		public int read() throws IOException {
			int read = read(this.oneByte, 0, 1);
			return (read > 0) ? this.oneByte[0] & 0xff : -1;
		}

		@Override
		public int read(byte[] bytes, int offset, int length) throws IOException {
			ensureOpen();
			return ChannelStreams.this.read(bytes, offset, length);
		}

		@Override
		public int available() {
			return ChannelStreams.this.buffer.remaining();
		}

		@Override
		public void close() throws IOException {
			ChannelStreams.this.close();
		}

	}

	private final class Output extends OutputStream {

		private final byte[] oneByte = new byte[1];

		@Override
		public void write(int b) throws IOException {
			this.oneByte[0] = (byte) b;
			write(this.oneByte, 0, 1);
		}

		@Override
		public void write(byte[] bytes, int offset, int length) throws IOException {
			ChannelStreams.this.write(bytes, offset, length);
		}

		@Override
		public void close() throws IOException {
			ChannelStreams.this.close();
		}

	}

}
