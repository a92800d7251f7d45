package io.github.keepalive.test;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Plumbing shared by {@link LoopbackHttpServer} and {@link LoopbackProxy}: binding to the
 * loopback address, daemon threads and a quiet shutdown.
 */
final class LoopbackServers {

	private LoopbackServers() {
	}

	/**
	 * Makes a server socket listen on {@code 127.0.0.1}.
	 * @param socket an unbound plain or TLS server socket
	 * @param port the port, or 0 for an ephemeral one
	 * @return the socket, bound
	 * @throws IOException if the port cannot be bound
	 */
	static ServerSocket bind(ServerSocket socket, int port) throws IOException {
		try {
			// a restart binds the same port again while the old connections are in TIME_WAIT
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 512);
			return socket;
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw ex;
		}
	}

	/**
	 * Connects to a port of 127.0.0.1 without a proxy, whatever proxy the JVM's default
	 * selector names (a test's own, which could point back at the proxy that connects).
	 * @param port the port
	 * @return the connected socket
	 * @throws IOException if the connection fails
	 */
	static Socket connectDirect(int port) throws IOException {
		Socket socket = new Socket(Proxy.NO_PROXY);
		try {
			socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
			return socket;
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw ex;
		}
	}

	/**
	 * Threads that do not keep the JVM alive when a test forgets to close its server.
	 * @param prefix the prefix of the threads' names
	 * @return the thread factory
	 */
	static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * Interrupts the executor's threads and waits up to 5 seconds for them to end.
	 * @param executor the executor
	 */
	static void shutDown(ExecutorService executor) {
		executor.shutdownNow();
		try {
			executor.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * Copies one side of a tunnel to the other until either side closes, then closes the
	 * other side.
	 * @param from the socket to read
	 * @param to where to write
	 * @param other what to close at the end
	 */
	static void relay(Socket from, OutputStream to, Closeable other) {
		try {
			relay(from.getInputStream(), to, other);
		}
		catch (IOException ex) {
			closeQuietly(other);
		}
	}

	/**
	 * Copies one side of a tunnel to the other until either side closes, then closes the
	 * other side.
	 * @param from the stream to read
	 * @param to where to write
	 * @param other what to close at the end
	 */
	static void relay(InputStream from, OutputStream to, Closeable other) {
		byte[] buffer = new byte[16 * 1024];
		try {
			for (int read = from.read(buffer); read != -1; read = from.read(buffer)) {
				to.write(buffer, 0, read);
				to.flush();
			}
		}
		catch (IOException ex) {
			// either side went away
		}
		finally {
			closeQuietly(other);
		}
	}

	static void closeQuietly(Closeable closeable) {
		try {
			closeable.close();
		}
		catch (IOException ex) {
			// ignore
		}
	}

}
