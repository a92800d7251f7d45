package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ChannelOutput} over a real loopback connection: it writes every byte, waiting
 * for room while the server does not read, and a completed write makes the next read one
 * for an answer.
 */
class ChannelOutputTests {

	// far more than the socket buffers of both ends hold: the write must wait for room
	private static final int LARGE = 16 * 1024 * 1024;

	@RegisterExtension
	private final LoopbackPeer peer = new LoopbackPeer();

	private ChannelStreams streams;

	private ChannelOutput output;

	@BeforeEach
	void connect() throws IOException {
		this.streams = this.peer.connectStreams();
		this.output = (ChannelOutput) this.streams.output();
	}

	@Test
	void writesEveryByteThoughTheChannelFillsUp() throws Exception {
		byte[] block = new byte[LARGE];
		for (int i = 0; i < block.length; i++) {
			block[i] = (byte) i;
		}
		CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
			try {
				this.output.write(block, 0, block.length);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		InputStream in = this.peer.socket().getInputStream();
		assertThat(in.readNBytes(block.length)).isEqualTo(block);
		written.get(10, TimeUnit.SECONDS);
	}

	@Test
	void aCompletedWriteMakesTheNextReadAnAnswer() throws IOException {
		assertThat(this.streams.answerDue()).isFalse();
		this.output.write('a');
		assertThat(this.streams.answerDue()).isTrue();
		assertThat(this.streams.answerDue()).as("once").isFalse();
		this.output.close();
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> this.output.write('b'))
			.withMessage("Socket closed");
		assertThat(this.streams.answerDue()).as("after a failed write").isFalse();
	}

	@Test
	void closeEndsAWaitingWrite() throws Exception {
		CompletableFuture<Void> written = CompletableFuture.runAsync(() -> {
			try {
				this.output.write(new byte[LARGE]);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
		// the server reads nothing: once under way, the write waits for room until the close
		assertThat(LoopbackHttpServer.await(() -> available(this.peer.socket()) > 0, Duration.ofSeconds(10))).isTrue();
		this.streams.close();
		assertThat(written).failsWithin(10, TimeUnit.SECONDS)
			.withThrowableOfType(ExecutionException.class)
			.havingCause()
			.isInstanceOf(IllegalStateException.class)
			.havingCause()
			.isInstanceOf(IOException.class);
	}

	private static int available(Socket socket) {
		try {
			return socket.getInputStream().available();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
