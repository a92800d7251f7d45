package io.github.keepalive.sample;

import java.time.Duration;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * What one demo run measured: the same requests through a keep-alive client and a
 * connection-per-request client, over plain HTTP and over HTTPS.
 *
 * @param http the clients calling the HTTP downstream
 * @param https the clients calling the HTTPS downstream
 */
record DemoReport(Comparison http, Comparison https) {

	/**
	 * The same requests to the same URL through both clients.
	 *
	 * @param keepAlive the run through the keep-alive client
	 * @param perRequest the run through the connection-per-request client
	 */
	record Comparison(ClientRun keepAlive, ClientRun perRequest) {

	}

	/**
	 * The requests through one client.
	 *
	 * @param client the client's name, as in the {@code client} tag of its meters and in
	 * {@code /actuator/keepalive}
	 * @param url the URL called
	 * @param concurrency how many requests were in flight at a time
	 * @param requests requests sent
	 * @param connections TCP connections that carried them, counted by the server
	 * @param seconds time for all of them
	 * @param requestsPerSecond throughput
	 * @param meters what the client's own meters counted during the run
	 * @param metersMatchServer whether the meters counted the connections and requests the
	 * server counted
	 */
	record ClientRun(String client, String url, int concurrency, int requests, int connections, double seconds,
			double requestsPerSecond, ClientMeters meters, boolean metersMatchServer) {

		static ClientRun of(String client, String url, int concurrency, int requests, int connections,
				Duration elapsed, ClientMeters meters) {
			double seconds = elapsed.toNanos() / 1e9;
			boolean match = meters.connectionsOpened() == connections && meters.requests() == requests;
			return new ClientRun(client, url, concurrency, requests, connections, Math.round(seconds * 1000) / 1000.0,
					Math.round(requests / seconds * 10) / 10.0, meters, match);
		}

	}

	/**
	 * What a client's {@code keepalive.*} meters (tagged {@code client=<name>}) counted
	 * during one run: counters as the difference between a snapshot before and after it.
	 *
	 * @param connectionsOpened {@code keepalive.connections.opened} during the run
	 * @param requests {@code keepalive.requests} during the run (retries included)
	 * @param requestsPerConnection requests over connections opened: the reuse
	 * @param connectionsClosed {@code keepalive.connections.closed} during the run, by
	 * {@code reason} (reasons that did not occur left out)
	 * @param requestsPerClosedConnection mean of {@code keepalive.connection.requests}
	 * (recorded when a connection closes) during the run, {@code null} if none closed
	 * @param leaseWait {@code keepalive.pool.lease.wait} during the run
	 * @param pool the pool gauges
	 */
	record ClientMeters(long connectionsOpened, long requests, @Nullable Double requestsPerConnection,
			Map<String, Long> connectionsClosed, @Nullable Double requestsPerClosedConnection, LeaseWait leaseWait,
			PoolGauges pool) {

	}

	/**
	 * Time callers waited to lease a connection during one run.
	 *
	 * @param count leases granted
	 * @param meanMillis their mean wait
	 * @param timeouts leases that timed out
	 */
	record LeaseWait(long count, double meanMillis, long timeouts) {

	}

	/**
	 * The {@code keepalive.pool.*} gauges: the highest seen during the run (sampled every
	 * few milliseconds) and their values at its end.
	 *
	 * @param max {@code keepalive.pool.max}
	 * @param peakLeased highest {@code keepalive.pool.leased} seen
	 * @param peakPending highest {@code keepalive.pool.pending} seen
	 * @param leased {@code keepalive.pool.leased} at the end
	 * @param available {@code keepalive.pool.available} at the end
	 * @param pending {@code keepalive.pool.pending} at the end
	 */
	record PoolGauges(int max, int peakLeased, int peakPending, int leased, int available, int pending) {

	}

}
