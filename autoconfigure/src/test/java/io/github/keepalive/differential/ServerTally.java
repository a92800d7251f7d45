package io.github.keepalive.differential;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.keepalive.realserver.CallerLoad;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.LoopbackHttpServer.CloseMode;

/**
 * What a {@link LoopbackHttpServer} saw during one side's run: it starts with no
 * connection open (the other side's are closed) and counts from there the connections
 * accepted, the requests received and each request id received.
 */
final class ServerTally {

	private final LoopbackHttpServer server;

	private final Map<String, Integer> ids = new ConcurrentHashMap<>();

	private final int acceptedBefore;

	private final int requestsBefore;

	private ServerTally(LoopbackHttpServer server) {
		this.server = server;
		server.closeAllConnections(CloseMode.FIN);
		server.awaitOpenConnections(0, Duration.ofSeconds(10));
		server.resetMaxOpenConnections();
		server.onRequest((request) -> {
			String id = request.header(CallerLoad.REQUEST_ID);
			if (id != null) {
				this.ids.merge(id, 1, Integer::sum);
			}
		});
		this.acceptedBefore = server.acceptedConnections();
		this.requestsBefore = server.requests();
	}

	/**
	 * Starts counting, after closing the connections left open.
	 * @param server the server
	 * @return the tally
	 */
	static ServerTally start(LoopbackHttpServer server) {
		return new ServerTally(server);
	}

	int accepted() {
		return this.server.acceptedConnections() - this.acceptedBefore;
	}

	int received() {
		return this.server.requests() - this.requestsBefore;
	}

	/**
	 * How many times the server received a request id.
	 * @param id the id
	 * @return the count
	 */
	int received(String id) {
		return this.ids.getOrDefault(id, 0);
	}

	/**
	 * Request ids received more than once.
	 * @return the count
	 */
	long duplicated() {
		return this.ids.values().stream().filter((count) -> count > 1).count();
	}

}
