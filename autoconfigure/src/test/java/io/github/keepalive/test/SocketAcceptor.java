package io.github.keepalive.test;

import java.io.Closeable;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;

/**
 * The accepting side of the loopback proxies: a server socket on an ephemeral port of
 * 127.0.0.1 whose connections are each handled on a daemon thread of their own, and the
 * sockets they open tracked, so that closing the acceptor closes every one of them.
 */
final class SocketAcceptor implements Closeable {

	private final ServerSocket serverSocket;

	private final ExecutorService executor;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean closed;

	/**
	 * Starts accepting.
	 * @param threadPrefix the prefix of the threads' names
	 * @param handler what to do with each accepted connection (tracked until it calls
	 * {@link #untrack})
	 * @throws IOException if the port cannot be bound
	 */
	SocketAcceptor(String threadPrefix, Consumer<Socket> handler) throws IOException {
		this.serverSocket = LoopbackServers.bind(new ServerSocket(), 0);
		this.executor = Executors.newCachedThreadPool(LoopbackServers.daemonThreads(threadPrefix));
		this.executor.execute(() -> acceptLoop(handler));
	}

	int port() {
		return this.serverSocket.getLocalPort();
	}

	boolean isClosed() {
		return this.closed;
	}

	void track(Socket socket) {
		this.sockets.add(socket);
	}

	void untrack(Socket socket) {
		this.sockets.remove(socket);
	}

	/**
	 * Runs a task on a thread of the acceptor's, such as the other direction of a tunnel.
	 * @param task the task
	 */
	void execute(Runnable task) {
		this.executor.execute(task);
	}

	private void acceptLoop(Consumer<Socket> handler) {
		while (!this.closed) {
			try {
				Socket socket = this.serverSocket.accept();
				track(socket);
				this.executor.execute(() -> handler.accept(socket));
			}
			catch (IOException | RuntimeException ex) {
				// closed, or a failed accept: the loop ends when the acceptor is closed
			}
		}
	}

	@Override
	public void close() {
		this.closed = true;
		LoopbackServers.closeQuietly(this.serverSocket);
		List.copyOf(this.sockets).forEach(LoopbackServers::closeQuietly);
		LoopbackServers.shutDown(this.executor);
	}

}
