package io.github.keepalive.sample;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.stereotype.Component;

/**
 * Counts, on the server side, the TCP connections that carried a demo run's requests.
 * The servlet container gives every connection it accepts an id of its own, unique for
 * the life of the JVM, so distinct ids are distinct connections. (Client ports are not:
 * the OS may hand a closed connection's port to a new one.)
 */
@Component
class ConnectionCounter {

	private final Map<String, Set<String>> connectionsByRun = new ConcurrentHashMap<>();

	/**
	 * Starts counting a run. Runs have ids of their own, so concurrent runs (two
	 * {@code /demo} calls) are counted apart.
	 * @return the run's id, to send with each of its requests
	 */
	String start() {
		String run = UUID.randomUUID().toString();
		this.connectionsByRun.put(run, ConcurrentHashMap.newKeySet());
		return run;
	}

	void record(String run, HttpServletRequest request) {
		// Requests of unknown runs are ignored, so stray calls cannot grow the map
		Set<String> connections = this.connectionsByRun.get(run);
		if (connections != null) {
			connections.add(request.getServletConnection().getConnectionId());
		}
	}

	/**
	 * Stops counting a run.
	 * @param run the run's id
	 * @return how many connections carried its requests
	 */
	int finish(String run) {
		Set<String> connections = this.connectionsByRun.remove(run);
		return (connections != null) ? connections.size() : 0;
	}

}
