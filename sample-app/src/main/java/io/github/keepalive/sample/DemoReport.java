package io.github.keepalive.sample;

import java.time.Duration;

/**
 * What one demo run measured: the same requests to the same URL through each client.
 *
 * @param url the URL called
 * @param concurrency how many requests were in flight at a time
 * @param keepAlive the run through the keep-alive client
 * @param perRequest the run through the connection-per-request client
 */
record DemoReport(String url, int concurrency, ClientRun keepAlive, ClientRun perRequest) {

	/**
	 * The requests through one client.
	 *
	 * @param client the client's name
	 * @param requests requests sent
	 * @param connections TCP connections that carried them, counted by the server
	 * @param seconds time for all of them
	 * @param requestsPerSecond throughput
	 */
	record ClientRun(String client, int requests, int connections, double seconds, double requestsPerSecond) {

		static ClientRun of(String client, int requests, int connections, Duration elapsed) {
			double seconds = elapsed.toNanos() / 1e9;
			return new ClientRun(client, requests, connections, Math.round(seconds * 1000) / 1000.0,
					Math.round(requests / seconds * 10) / 10.0);
		}

	}

}
