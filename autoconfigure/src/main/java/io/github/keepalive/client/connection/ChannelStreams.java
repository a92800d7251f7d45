package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

import org.jspecify.annotations.Nullable;

/**
 * The input and output streams of a {@link ChannelSocket}, over its non-blocking channel
 * ({@link ChannelInput}, {@link ChannelOutput}), and what they share: the read timeout,
 * whether the socket is closed, whether an answer is due, and the selectors they wait on
 * when the channel has nothing to read or no room to write, one each, opened at the first
 * wait.
 * <p>
 * Like a plain socket's, the streams ignore interrupts (the flag is kept for the caller)
 * and end only with data, end of stream, the timeout, an error or {@link #close()}, which
 * wakes a waiting reader or writer.
 */
final class ChannelStreams {

	private final SocketChannel channel;

	private final ChannelInput input;

	private final ChannelOutput output;

	private volatile int readTimeoutMillis;

	private volatile boolean closed;

	// whether something was written since the last read: the next read waits for an answer
	private boolean written;

	private @Nullable Selector readSelector;

	private @Nullable Selector writeSelector;

	ChannelStreams(SocketChannel channel) {
		this.channel = channel;
		this.input = new ChannelInput(this, channel);
		this.output = new ChannelOutput(this, channel);
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
		return this.input.peek();
	}

	/**
	 * Something was written: the next read is for its answer.
	 */
	void wrote() {
		this.written = true;
	}

	/**
	 * Whether something was written since the last read, which this read answers.
	 * @return whether the read is for an answer
	 */
	boolean answerDue() {
		boolean written = this.written;
		this.written = false;
		return written;
	}

	/**
	 * Whether the channel may have something to read (bytes, end of stream or an error),
	 * without waiting. Once the channel has waited for an answer, its read selector knows,
	 * and asking it is half the cost of a read that finds nothing (an {@code epoll_wait}
	 * that returns at once, against a TCP read); before that, only a read can tell.
	 * @return {@code false} if nothing waits; {@code true} if something may
	 * @throws IOException if the selector fails
	 */
	boolean mayBeReadable() throws IOException {
		Selector selector = this.readSelector;
		if (selector == null) {
			return true;
		}
		try {
			return selector.selectNow(ChannelStreams::ignore) > 0;
		}
		catch (ClosedSelectorException ex) {
			// closed by close(): the read tells
			return true;
		}
	}

	/** {@return whether a read has waited on this channel, so that its selector exists} */
	boolean hasReadSelector() {
		return this.readSelector != null;
	}

	/**
	 * Waits until the channel can be read, the time passes or the socket closes.
	 * @param millis how long to wait at most, 0 for no limit
	 * @return whether the thread was interrupted meanwhile (its flag is cleared)
	 * @throws IOException if the socket is closed, or the selector cannot be opened
	 */
	boolean awaitReadable(long millis) throws IOException {
		Selector selector = this.readSelector;
		if (selector == null) {
			selector = openSelector(SelectionKey.OP_READ);
			this.readSelector = selector;
		}
		return await(selector, millis);
	}

	/**
	 * Waits until the channel has room to write, or the socket closes.
	 * @return whether the thread was interrupted meanwhile (its flag is cleared)
	 * @throws IOException if the socket is closed, or the selector cannot be opened
	 */
	boolean awaitWritable() throws IOException {
		Selector selector = this.writeSelector;
		if (selector == null) {
			selector = openSelector(SelectionKey.OP_WRITE);
			this.writeSelector = selector;
		}
		// a plain socket's write waits for room without a timeout too
		return await(selector, 0);
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
			// ready keys go to no set: nothing to add, nothing to clear
			selector.select(ChannelStreams::ignore, millis);
		}
		catch (ClosedSelectorException ex) {
			// closed by close() on another thread
		}
		ensureOpen();
		// an interrupt ends the select at once, and would end every select after it
		return Thread.interrupted();
	}

	private static void ignore(SelectionKey key) {
	}

	boolean isClosed() {
		return this.closed;
	}

	void ensureOpen() throws SocketException {
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

}
