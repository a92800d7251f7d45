package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link ChannelSocket} on real loopback connections: it reads and writes as a plain
 * socket does (timeouts, end of stream, interrupts), and its peek keeps what it reads.
 */
class ChannelSocketTests {

	private ServerSocket listener;

	private ChannelSocket client;

	private Socket server;

	@BeforeEach
	void connect() throws IOException {
		this.listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
		this.client = new ChannelSocket();
		this.client.setTcpNoDelay(true);
		this.client.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), this.listener.getLocalPort()), 5000);
		this.server = this.listener.accept();
		this.server.setSoTimeout(5000);
	}

	@AfterEach
	void close() throws IOException {
		this.client.close();
		this.server.close();
		this.listener.close();
	}

	@Test
	void writesAndReadsLikeAPlainSocket() throws IOException {
		this.client.getOutputStream().write("ping".getBytes(StandardCharsets.US_ASCII));
		assertThat(this.server.getInputStream().readNBytes(4)).asString(StandardCharsets.US_ASCII).isEqualTo("ping");
		this.server.getOutputStream().write("pong".getBytes(StandardCharsets.US_ASCII));
		assertThat(this.client.getInputStream().readNBytes(4)).asString(StandardCharsets.US_ASCII).isEqualTo("pong");
		assertThat(this.client.getChannel()).isNull();
		assertThat(this.client.getTcpNoDelay()).isTrue();
		assertThat(this.client.getPort()).isEqualTo(this.listener.getLocalPort());
	}

	@Test
	void largeBlocksArriveWhole() throws Exception {
		byte[] block = new byte[256 * 1024];
		Arrays.fill(block, (byte) 'x');
		CompletableFuture<byte[]> received = CompletableFuture
			.supplyAsync(() -> readFully(this.server, block.length));
		this.client.getOutputStream().write(block);
		assertThat(received.get(5, TimeUnit.SECONDS)).isEqualTo(block);
		this.server.getOutputStream().write(block);
		assertThat(this.client.getInputStream().readNBytes(block.length)).isEqualTo(block);
	}

	@Test
	void readTimesOutAfterTheSocketTimeout() throws IOException {
		this.client.setSoTimeout(20);
		assertThat(this.client.getSoTimeout()).isEqualTo(20);
		InputStream input = this.client.getInputStream();
		assertThatExceptionOfType(SocketTimeoutException.class).isThrownBy(input::read);
		// usable after a timeout, as a plain socket
		this.server.getOutputStream().write('a');
		assertThat(input.read()).isEqualTo('a');
	}

	@Test
	void endOfStreamWhenTheServerCloses() throws IOException {
		this.server.close();
		assertThat(this.client.getInputStream().read()).isEqualTo(-1);
	}

	@Test
	void peekKeepsWhatItReadsForTheNextRead() throws IOException {
		assertThat(this.client.peek()).isEqualTo(ChannelStreams.Peek.NOTHING);
		this.server.getOutputStream().write("hello".getBytes(StandardCharsets.US_ASCII));
		awaitPeek(ChannelStreams.Peek.DATA);
		assertThat(this.client.getInputStream().available()).isEqualTo(5);
		assertThat(this.client.getInputStream().readNBytes(5)).asString(StandardCharsets.US_ASCII).isEqualTo("hello");
		this.server.close();
		awaitPeek(ChannelStreams.Peek.CLOSED);
	}

	@Test
	void interruptDoesNotEndARead() throws Exception {
		CompletableFuture<Boolean> interruptedAfterRead = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try {
				Thread.currentThread().interrupt();
				int read = this.client.getInputStream().read();
				interruptedAfterRead.complete(read == 'z' && Thread.currentThread().isInterrupted());
			}
			catch (IOException ex) {
				interruptedAfterRead.completeExceptionally(ex);
			}
		});
		reader.start();
		// the reader waits, interrupted, until the byte comes
		this.server.getOutputStream().write('z');
		assertThat(interruptedAfterRead.get(5, TimeUnit.SECONDS)).as("read the byte, flag kept").isTrue();
		reader.join(5000);
	}

	@Test
	void closeEndsAWaitingRead() throws Exception {
		CompletableFuture<Throwable> failure = new CompletableFuture<>();
		Thread reader = new Thread(() -> {
			try {
				this.client.getInputStream().read();
				failure.complete(null);
			}
			catch (IOException ex) {
				failure.complete(ex);
			}
		});
		reader.start();
		// the server sees the close: the reader is past its first read attempt by then or not, either way it ends
		this.client.close();
		assertThat(failure.get(5, TimeUnit.SECONDS)).isInstanceOf(SocketException.class);
		assertThat(this.server.getInputStream().read()).isEqualTo(-1);
		assertThat(this.client.isClosed()).isTrue();
		assertThat(this.client.peek()).isEqualTo(ChannelStreams.Peek.CLOSED);
	}

	private void awaitPeek(ChannelStreams.Peek expected) {
		assertThat(io.github.keepalive.test.LoopbackHttpServer.await(() -> this.client.peek() == expected,
				java.time.Duration.ofSeconds(5)))
			.as("peek is %s", expected)
			.isTrue();
	}

	private static byte[] readFully(Socket socket, int length) {
		try {
			return socket.getInputStream().readNBytes(length);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
