package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import io.github.keepalive.client.connection.ChannelStreams.Peek;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ChannelInput} over a real loopback connection: small reads served from its
 * buffer, large ones straight into the caller's array, and a peek that keeps what it
 * reads.
 */
class ChannelInputTests {

	@RegisterExtension
	private final LoopbackPeer peer = new LoopbackPeer();

	private ChannelStreams streams;

	private ChannelInput input;

	@BeforeEach
	void connect() throws IOException {
		this.streams = this.peer.connectStreams();
		this.streams.setReadTimeoutMillis(10_000);
		this.input = (ChannelInput) this.streams.input();
	}

	@Test
	void smallReadsAreServedFromWhatOneReadBuffered() throws IOException {
		this.peer.socket().getOutputStream().write("hello world".getBytes(StandardCharsets.US_ASCII));
		byte[] bytes = new byte[5];
		assertThat(this.input.read(bytes, 0, 5)).isEqualTo(5);
		assertThat(bytes).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
		assertThat(this.input.available()).isEqualTo(6);
		// the rest comes from the buffer even once the server is gone
		this.peer.socket().close();
		assertThat(this.input.readNBytes(6)).asString(StandardCharsets.US_ASCII).isEqualTo(" world");
		assertThat(this.input.read()).isEqualTo(-1);
	}

	@Test
	void aLargeReadGoesStraightIntoTheArray() throws IOException {
		byte[] sent = new byte[1 + 8192];
		Arrays.fill(sent, (byte) 'x');
		this.peer.socket().getOutputStream().write(sent);
		assertThat(this.input.read()).isEqualTo('x');
		// what the buffer holds, then more than the buffer could hold in one read
		this.input.readNBytes(this.input.available());
		byte[] large = new byte[8192];
		assertThat(this.input.read(large, 0, large.length)).isGreaterThan(2048);
		assertThat(this.input.available()).isZero();
	}

	@Test
	void peekKeepsWhatItReadsForTheNextRead() throws IOException {
		assertThat(this.input.peek()).isEqualTo(Peek.NOTHING);
		this.peer.socket().getOutputStream().write("unasked".getBytes(StandardCharsets.US_ASCII));
		awaitPeek(Peek.DATA);
		assertThat(this.input.available()).isEqualTo(7);
		assertThat(this.input.readNBytes(7)).asString(StandardCharsets.US_ASCII).isEqualTo("unasked");
		this.peer.socket().close();
		awaitPeek(Peek.CLOSED);
		assertThat(this.input.peek()).as("end of stream stays").isEqualTo(Peek.CLOSED);
	}

	@Test
	void peekOnAClosedStreamFindsItClosed() throws IOException {
		this.input.close();
		assertThat(this.input.peek()).isEqualTo(Peek.CLOSED);
	}

	@Test
	void readChecksTheStreamIsOpenBeforeItsArguments() throws IOException {
		byte[] bytes = new byte[4];
		assertThatExceptionOfType(IndexOutOfBoundsException.class).isThrownBy(() -> this.input.read(bytes, 2, 3));
		assertThat(this.input.read(bytes, 0, 0)).isZero();
		this.input.close();
		assertThatExceptionOfType(SocketException.class).isThrownBy(() -> this.input.read(bytes, 2, 3))
			.withMessage("Socket closed");
	}

	@Test
	void readTimesOutAsAPlainSocketsRead() {
		this.streams.setReadTimeoutMillis(1);
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(this.input::read)
			.withMessage("Read timed out");
	}

	private void awaitPeek(Peek expected) {
		assertThat(LoopbackHttpServer.await(() -> this.input.peek() == expected, Duration.ofSeconds(10)))
			.as("peek is %s", expected)
			.isTrue();
	}

}
