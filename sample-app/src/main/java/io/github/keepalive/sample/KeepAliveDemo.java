package io.github.keepalive.sample;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import io.github.keepalive.client.KeepAliveClientSettings;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.sample.DemoReport.ClientMeters;
import io.github.keepalive.sample.DemoReport.ClientRun;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;
import org.springframework.web.client.RestClient;

/**
 * Sends the same requests to {@link DownstreamController} through the keep-alive client
 * and through the connection-per-request client, and reports how many TCP connections
 * each needed (counted by the server and by the client's meters) and how long each took.
 */
@Component
class KeepAliveDemo {

	/** The named client configured under {@code keepalive.clients.per-request}. */
	static final String PER_REQUEST_CLIENT = "per-request";

	private static final Logger logger = LoggerFactory.getLogger(KeepAliveDemo.class);

	private final RestClient keepAlive;

	private final RestClient perRequest;

	private final ConnectionCounter connections;

	private final KeepAliveClients clients;

	private final MeterRegistry meterRegistry;

	private final DemoProperties properties;

	private final Environment environment;

	/**
	 * The plain {@code RestClient} is the starter's default client, pooled and kept
	 * alive; {@code @Qualifier("per-request")} picks the named client configured under
	 * {@code keepalive.clients.per-request} in application.yml. Both are starter clients,
	 * so both have pools in {@code clients} and meters in {@code meterRegistry}.
	 */
	KeepAliveDemo(RestClient keepAlive, @Qualifier(PER_REQUEST_CLIENT) RestClient perRequest,
			ConnectionCounter connections, KeepAliveClients clients, MeterRegistry meterRegistry,
			DemoProperties properties, Environment environment) {
		this.keepAlive = keepAlive;
		this.perRequest = perRequest;
		this.connections = connections;
		this.clients = clients;
		this.meterRegistry = meterRegistry;
		this.properties = properties;
		this.environment = environment;
	}

	/**
	 * Runs the demo once the web server is up and prints the figures.
	 */
	@EventListener(ApplicationReadyEvent.class)
	void runOnStartup() {
		// A first, unreported run warms up the JVM (class loading, JIT compilation): on a
		// cold JVM the timings would mostly measure that
		run();
		DemoReport report = run();
		logger.info("Keep-alive demo: {} GET requests through each client to {}, {} at a time",
				this.properties.requests(), report.url(), report.concurrency());
		logger.info(format("keep-alive", report.keepAlive()));
		logger.info(formatMeters(report.keepAlive()));
		logger.info(format("per-request", report.perRequest()));
		logger.info(formatMeters(report.perRequest()));
		logger.info("  (over loopback a new connection is cheap; across a network each one costs a TCP "
				+ "handshake round trip, and more with TLS)");
		logger.info("Run it again: curl {}/demo; the pools: curl {}/actuator/keepalive; the meters: curl "
				+ "{}/actuator/prometheus", baseUrl(), baseUrl(), baseUrl());
	}

	/**
	 * Runs the demo. One run at a time: the meters count everything a client does, so
	 * runs at the same time would count each other's requests.
	 * @return the figures
	 */
	synchronized DemoReport run() {
		String url = baseUrl() + "/downstream";
		// The same workload through both clients; keep-alive goes first, so the JVM's
		// warm-up, if anything, favours the per-request client
		ClientRun keepAlive = measure(KeepAliveClientSettings.DEFAULT_CLIENT_NAME, this.keepAlive, url);
		ClientRun perRequest = measure(PER_REQUEST_CLIENT, this.perRequest, url);
		return new DemoReport(url, this.properties.concurrency(), keepAlive, perRequest);
	}

	private ClientRun measure(String clientName, RestClient client, String url) {
		int requests = this.properties.requests();
		int concurrency = this.properties.concurrency();
		// Every run starts with an empty pool, so the connections it needs are all opened
		// during the run: the meters then count exactly the connections the server saw
		this.clients.get(clientName).closeIdleConnections();
		ClientMetersProbe meters = ClientMetersProbe.start(this.meterRegistry, clientName);
		String run = this.connections.start();
		AtomicInteger remaining = new AtomicInteger(requests);
		Runnable worker = () -> {
			while (remaining.getAndDecrement() > 0) {
				client.get().uri(url + "?run={run}", run).retrieve().toBodilessEntity();
			}
		};
		ExecutorService workers = Executors.newFixedThreadPool(concurrency);
		long start = System.nanoTime();
		try {
			CompletableFuture.allOf(IntStream.range(0, concurrency)
				.mapToObj((i) -> CompletableFuture.runAsync(worker, workers))
				.toArray(CompletableFuture[]::new)).join();
		}
		finally {
			workers.shutdownNow();
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
		int serverConnections = this.connections.finish(run);
		return ClientRun.of(clientName, requests, serverConnections, elapsed, meters.finish());
	}

	/**
	 * The app's own address: the port is only known once the server has started (it may
	 * be random, {@code --server.port=0}).
	 */
	private String baseUrl() {
		String host = this.environment.getProperty("server.address", "127.0.0.1");
		return "http://" + host + ":" + this.environment.getRequiredProperty("local.server.port");
	}

	private static String format(String label, ClientRun run) {
		return String.format(Locale.ROOT, "  %-11s  %5d requests  %5d connections  %6.2f s  %7.0f requests/s",
				label, run.requests(), run.connections(), run.seconds(), run.requestsPerSecond());
	}

	private static String formatMeters(ClientRun run) {
		ClientMeters meters = run.meters();
		return String.format(Locale.ROOT,
				"    meters (client=%s): %d connections opened, %d requests, %s requests/connection, closed: %s, "
						+ "peak leased %d, peak pending %d (%s)",
				run.client(), meters.connectionsOpened(), meters.requests(), meters.requestsPerConnection(),
				formatClosed(meters.connectionsClosed()), meters.pool().peakLeased(), meters.pool().peakPending(),
				run.metersMatchServer() ? "as the server counted" : "NOT what the server counted");
	}

	private static String formatClosed(Map<String, Long> closed) {
		if (closed.isEmpty()) {
			return "none";
		}
		StringJoiner joiner = new StringJoiner(", ");
		closed.forEach((reason, count) -> joiner.add(count + " " + reason));
		return joiner.toString();
	}

}
