package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.Objects;

/**
 * The output stream of a {@link ChannelSocket}, over its non-blocking channel. A write
 * goes straight from the caller's array to the channel; while the channel has no room,
 * it waits on the write selector of its {@link ChannelStreams}, without a timeout, as a
 * plain socket's write does. A completed write tells the input stream that the next read
 * is for an answer.
 */
final class ChannelOutput extends OutputStream {

	private final ChannelStreams streams;

	private final SocketChannel channel;

	private final ArrayView view = new ArrayView();

	private final byte[] oneByte = new byte[1];

	ChannelOutput(ChannelStreams streams, SocketChannel channel) {
		this.streams = streams;
		this.channel = channel;
	}

	@Override
	public void write(int b) throws IOException {
		this.oneByte[0] = (byte) b;
		write(this.oneByte, 0, 1);
	}

	@Override
	public void write(byte[] bytes, int offset, int length) throws IOException {
		Objects.checkFromIndexSize(offset, length, bytes.length);
		ByteBuffer source = this.view.of(bytes, offset, length);
		boolean interrupted = false;
		try {
			while (source.hasRemaining()) {
				this.streams.ensureOpen();
				if (this.channel.write(source) == 0) {
					interrupted |= this.streams.awaitWritable();
				}
			}
		}
		finally {
			if (interrupted) {
				Thread.currentThread().interrupt();
			}
		}
		this.streams.wrote();
	}

	@Override
	public void close() throws IOException {
		this.streams.close();
	}

}
