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

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.sample.DemoReport.ClientMeters;
import io.github.keepalive.sample.DemoReport.ClientRun;
import io.github.keepalive.sample.DemoReport.Comparison;
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
 * Sends the same requests to {@link DownstreamController} through a keep-alive client and
 * through a connection-per-request client, over plain HTTP and over HTTPS, and reports how
 * many TCP connections each needed (counted by the server and by the client's meters) and
 * how long each took.
 */
@Component
class KeepAliveDemo {

	/** The named client configured under {@code keepalive.clients.per-request}. */
	static final String PER_REQUEST_CLIENT = "per-request";

	/** The named client configured under {@code keepalive.clients.https-keep-alive}. */
	static final String HTTPS_KEEP_ALIVE_CLIENT = "https-keep-alive";

	/** The named client configured under {@code keepalive.clients.https-per-request}. */
	static final String HTTPS_PER_REQUEST_CLIENT = "https-per-request";

	private static final Logger logger = LoggerFactory.getLogger(KeepAliveDemo.class);

	private final RestClient keepAlive;

	private final RestClient perRequest;

	private final RestClient httpsKeepAlive;

	private final RestClient httpsPerRequest;

	private final HttpsConnector httpsConnector;

	private final ConnectionCounter connections;

	private final KeepAliveClients clients;

	private final MeterRegistry meterRegistry;

	private final DemoProperties properties;

	private final Environment environment;

	/**
	 * The plain {@code RestClient} is the starter's default client, pooled and kept
	 * alive; {@code @Qualifier("<name>")} picks the named client configured under
	 * {@code keepalive.clients.<name>} in application.yml. All are starter clients, so all
	 * have pools in {@code clients} and meters in {@code meterRegistry}.
	 */
	KeepAliveDemo(RestClient keepAlive, @Qualifier(PER_REQUEST_CLIENT) RestClient perRequest,
			@Qualifier(HTTPS_KEEP_ALIVE_CLIENT) RestClient httpsKeepAlive,
			@Qualifier(HTTPS_PER_REQUEST_CLIENT) RestClient httpsPerRequest, HttpsConnector httpsConnector,
			ConnectionCounter connections, KeepAliveClients clients, MeterRegistry meterRegistry,
			DemoProperties properties, Environment environment) {
		this.keepAlive = keepAlive;
		this.perRequest = perRequest;
		this.httpsKeepAlive = httpsKeepAlive;
		this.httpsPerRequest = httpsPerRequest;
		this.httpsConnector = httpsConnector;
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
		logger.info("Keep-alive demo: {} GET requests through each client to {} and {}, {} at a time",
				this.properties.requests(), report.http().keepAlive().url(), report.https().keepAlive().url(),
				this.properties.concurrency());
		log("http", report.http());
		log("https", report.https());
		logger.info(String.format(Locale.ROOT,
				"  keep-alive served %.1fx the requests per second of per-request over HTTP, %.1fx over HTTPS:",
				speedup(report.http()), speedup(report.https())));
		logger.info("  a TLS handshake costs milliseconds of CPU, a TCP connection on loopback almost nothing "
				+ "(across a network each new connection also costs a round trip, or more)");
		logger.info("Run it again: curl {}/demo; the pools: curl {}/actuator/keepalive; the meters: curl "
				+ "{}/actuator/prometheus", baseUrl(), baseUrl(), baseUrl());
	}

	/**
	 * Runs the demo. One run at a time: the meters count everything a client does, so
	 * runs at the same time would count each other's requests.
	 * @return the figures
	 */
	synchronized DemoReport run() {
		String httpUrl = baseUrl() + "/downstream";
		String httpsUrl = "https://" + host() + ":" + this.httpsConnector.port() + "/downstream";
		// The same workload through every client; keep-alive goes first, so the JVM's
		// warm-up, if anything, favours the per-request client
		Comparison http = new Comparison(measure(KeepAliveClientSettings.DEFAULT_CLIENT_NAME, this.keepAlive, httpUrl),
				measure(PER_REQUEST_CLIENT, this.perRequest, httpUrl));
		Comparison https = new Comparison(measure(HTTPS_KEEP_ALIVE_CLIENT, this.httpsKeepAlive, httpsUrl),
				measure(HTTPS_PER_REQUEST_CLIENT, this.httpsPerRequest, httpsUrl));
		return new DemoReport(http, https);
	}

	private ClientRun measure(String clientName, RestClient client, String url) {
		int requests = this.properties.requests();
		int concurrency = this.properties.concurrency();
		// Every run starts with an empty pool, so the connections it needs are all opened
		// during the run: the meters then count exactly the connections the server saw
		this.clients.get(clientName).pool().closeIdleConnections();
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
		return ClientRun.of(clientName, url, concurrency, requests, serverConnections, elapsed, meters.finish());
	}

	/**
	 * The app's own HTTP address: the port is only known once the server has started (it
	 * may be random, {@code --server.port=0}).
	 */
	private String baseUrl() {
		return "http://" + host() + ":" + this.environment.getRequiredProperty("local.server.port");
	}

	private String host() {
		String address = this.environment.getProperty("server.address", "127.0.0.1");
		// Listening on all addresses includes loopback, which the certificate names
		return (address.isBlank() || address.equals("0.0.0.0") || address.equals("::")) ? "127.0.0.1" : address;
	}

	private static void log(String scheme, Comparison comparison) {
		logger.info(format(scheme, "keep-alive", comparison.keepAlive()));
		logger.info(formatMeters(comparison.keepAlive()));
		logger.info(format(scheme, "per-request", comparison.perRequest()));
		logger.info(formatMeters(comparison.perRequest()));
	}

	private static double speedup(Comparison comparison) {
		return comparison.keepAlive().requestsPerSecond() / comparison.perRequest().requestsPerSecond();
	}

	private static String format(String scheme, String label, ClientRun run) {
		return String.format(Locale.ROOT, "  %-5s  %-11s  %5d requests  %5d connections  %6.2f s  %7.0f requests/s",
				scheme, label, run.requests(), run.connections(), run.seconds(), run.requestsPerSecond());
	}

	private static String formatMeters(ClientRun run) {
		ClientMeters meters = run.meters();
		return String.format(Locale.ROOT,
				"      meters (client=%s): %d connections opened, %d requests, %s requests/connection, closed: %s, "
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
