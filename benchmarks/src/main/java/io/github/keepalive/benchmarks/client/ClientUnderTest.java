package io.github.keepalive.benchmarks.client;

/**
 * One client of the comparison, ready to send requests from many threads.
 */
public interface ClientUnderTest extends AutoCloseable {

	/**
	 * Sends a GET and reads the whole body.
	 * @param url the absolute URL
	 * @return the body
	 * @throws Exception on any failure
	 */
	byte[] get(String url) throws Exception;

	/**
	 * The most connections this client opens to one route, or -1 when it has no limit
	 * (or does not reuse connections at all).
	 * @return the limit
	 */
	int maxConnectionsPerRoute();

	/**
	 * The client's adaptive per-route limit now (its highest, with several routes).
	 * @return the limit, or -1 if the client's limits do not adapt
	 */
	default int currentLimit() {
		return -1;
	}

	/**
	 * Closes the client and its connections.
	 */
	@Override
	void close();

}
