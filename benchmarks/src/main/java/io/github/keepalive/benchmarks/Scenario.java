package io.github.keepalive.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.keepalive.benchmarks.server.BenchServer;

/**
 * What the callers ask the server for: scheme, endpoint and server-side delay, optionally
 * an overload that starts with the measurement window, how many requests the server
 * serves on a connection before closing it (connection churn), which caller counts to run
 * it at (all of {@code --callers} otherwise) and a warm-up and measurement window of its
 * own. Written
 * {@code [nginx:]scheme:endpoint:delayMs[/perInFlightMs][:keepAliveRequests][@callers+callers][~[warmup+]measure]},
 * e.g. {@code https:ping:0}, {@code nginx:http:ping:0@16+64}, {@code http:big:0@16}, {@code http:ping:10/1@64~3s+6s} or
 * {@code http:ping:0:5@16} (a new connection every 5 requests, as nginx's
 * {@code keepalive_requests 5}).
 * <p>
 * With {@code /perInFlightMs} the downstream degrades mid-run: the warm-up runs against
 * the healthy server ({@code delayMs}), and from the start of the measurement window each
 * answer waits {@code delayMs} + {@code perInFlightMs} × the requests the server has in
 * flight (the {@link BenchServer}'s {@code perInFlightUs}), like an overloaded service.
 *
 * @param server {@link #JAVA} or {@link #NGINX}: which server answers (written as a
 * {@code nginx:} prefix; with {@code --server nginx}, scenarios without the prefix go to
 * nginx when it can serve them)
 * @param scheme {@code http} or {@code https}
 * @param endpoint {@code ping} (200 bytes) or {@code big} (16 KiB)
 * @param delayMs the server's delay before answering
 * @param perInFlightUs the delay each request in flight adds from the measurement window
 * on, in microseconds; 0 for a server that never degrades
 * @param keepAliveRequests requests per connection before the server closes it, 0 for no
 * limit
 * @param callers the caller counts for this scenario, or empty for all
 * @param warmup this scenario's warm-up, or {@code null} for {@code --warmup}
 * @param measure this scenario's measurement window, or {@code null} for {@code --measure}
 */
public record Scenario(String server, String scheme, String endpoint, int delayMs, int perInFlightUs,
		int keepAliveRequests, List<Integer> callers, Duration warmup, Duration measure) {

	/** The Java bench server. */
	public static final String JAVA = "java";

	/** nginx, started by the benchmark. */
	public static final String NGINX = "nginx";

	public Scenario {
		if (!server.equals(JAVA) && !server.equals(NGINX)) {
			throw new IllegalArgumentException("Server must be java or nginx: " + server);
		}
		if (server.equals(NGINX) && (delayMs != 0 || perInFlightUs != 0 || keepAliveRequests != 0)) {
			throw new IllegalArgumentException("nginx cannot delay an answer or close after N requests here: "
					+ "an nginx scenario has a 0 ms delay and no keep-alive limit");
		}
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new IllegalArgumentException("Scheme must be http or https: " + scheme);
		}
		if (!endpoint.equals("ping") && !endpoint.equals("big")) {
			throw new IllegalArgumentException("Endpoint must be ping or big: " + endpoint);
		}
		if (delayMs < 0 || delayMs > 10_000) {
			throw new IllegalArgumentException("Delay must be 0 to 10000 ms: " + delayMs);
		}
		if (perInFlightUs < 0 || perInFlightUs > 100_000) {
			throw new IllegalArgumentException("Delay per request in flight must be 0 to 100 ms: " + perInFlightUs);
		}
		if (keepAliveRequests < 0) {
			throw new IllegalArgumentException("Requests per connection must be 0 (no limit) or more: "
					+ keepAliveRequests);
		}
		callers = List.copyOf(callers);
	}

	/**
	 * Parses
	 * {@code scheme:endpoint:delayMs[/perInFlightMs][:keepAliveRequests][@callers+callers][~[warmup+]measure]}.
	 * @param spec the spec
	 * @return the scenario
	 */
	public static Scenario parse(String spec) {
		String server = JAVA;
		String trimmed = spec.trim();
		for (String prefix : List.of(JAVA, NGINX)) {
			if (trimmed.startsWith(prefix + ":")) {
				server = prefix;
				trimmed = trimmed.substring(prefix.length() + 1);
			}
		}
		String[] measureSplit = trimmed.split("~", 2);
		String[] atSplit = measureSplit[0].split("@", 2);
		String[] parts = atSplit[0].split(":");
		if (parts.length != 3 && parts.length != 4) {
			throw new IllegalArgumentException("Scenario must be "
					+ "scheme:endpoint:delayMs[/perInFlightMs][:keepAliveRequests][@callers][~[warmup+]measure]: " + spec);
		}
		List<Integer> callers = new ArrayList<>();
		if (atSplit.length == 2) {
			Arrays.stream(atSplit[1].split("[,+]")).map(String::trim).map(Integer::parseInt).forEach(callers::add);
		}
		String[] delays = parts[2].trim().replace("ms", "").split("/", 2);
		int perInFlightUs = (delays.length == 2) ? (int) Math.round(Double.parseDouble(delays[1]) * 1000) : 0;
		String[] timing = (measureSplit.length == 2) ? measureSplit[1].split("\\+", 2) : new String[0];
		Duration warmup = (timing.length == 2) ? Options.duration(timing[0]) : null;
		Duration measure = (timing.length > 0) ? Options.duration(timing[timing.length - 1]) : null;
		int keepAliveRequests = (parts.length == 4) ? Integer.parseInt(parts[3].trim()) : 0;
		return new Scenario(server, parts[0].trim(), parts[1].trim(), Integer.parseInt(delays[0]), perInFlightUs,
				keepAliveRequests, callers, warmup, measure);
	}

	/**
	 * The scenario's id, e.g. {@code https-ping-0ms}.
	 * @return the id
	 */
	public String id() {
		return (onNginx() ? NGINX + "-" : "") + this.scheme + "-" + this.endpoint + "-" + this.delayMs + "ms"
				+ (isOverloaded() ? "-overload" + perInFlight() + "ms" : "")
				+ ((this.warmup != null) ? "-warmup" + Options.seconds(this.warmup).replace(" ", "") : "")
				// last: the churn cell's id without it is the kept-alive cell's
				+ (isChurn() ? "-churn" + this.keepAliveRequests : "");
	}

	/**
	 * Whether this scenario runs against nginx whatever {@code --server} says.
	 * @return whether it does
	 */
	public boolean onNginx() {
		return this.server.equals(NGINX);
	}

	/**
	 * Whether the server closes connections after a number of requests, so that clients
	 * keep opening new ones.
	 * @return whether connections churn
	 */
	public boolean isChurn() {
		return this.keepAliveRequests > 0;
	}

	/**
	 * Whether the server degrades at the start of the measurement window.
	 * @return whether it does
	 */
	public boolean isOverloaded() {
		return this.perInFlightUs > 0;
	}

	private String perInFlight() {
		double ms = this.perInFlightUs / 1000.0;
		return (ms == Math.rint(ms)) ? Long.toString((long) ms) : Double.toString(ms);
	}

	/**
	 * A short human description, e.g. {@code HTTPS, 200 B body, 10 ms delay} or
	 * {@code nginx, HTTP, 200 B body, 0 ms delay}.
	 * @return the description
	 */
	public String label() {
		return (onNginx() ? "nginx, " : "") + this.scheme.toUpperCase() + ", " + (this.endpoint.equals("big") ? "16 KiB" : "200 B") + " body, "
				+ this.delayMs + " ms server delay" + (isOverloaded() ? ", overloaded from the measurement window on: +"
						+ perInFlight() + " ms per request in flight" : "")
				+ (isChurn() ? ", a new connection every " + this.keepAliveRequests + " requests" : "");
	}

	/**
	 * The request path and query of the warm-up.
	 * @return e.g. {@code /ping?delay=10} or {@code /ping?keep-alive-requests=5}
	 */
	public String pathAndQuery() {
		return pathAndQuery(0);
	}

	private String pathAndQuery(int perInFlightUs) {
		List<String> query = new ArrayList<>();
		if (this.delayMs > 0 || perInFlightUs > 0) {
			query.add("delay=" + this.delayMs);
		}
		if (perInFlightUs > 0) {
			query.add("perInFlightUs=" + perInFlightUs);
		}
		if (isChurn()) {
			query.add("keep-alive-requests=" + this.keepAliveRequests);
		}
		return "/" + this.endpoint + (query.isEmpty() ? "" : "?" + String.join("&", query));
	}

	/**
	 * The request path and query of the measurement window: the warm-up's, or the
	 * overloaded server's.
	 * @return e.g. {@code /ping?delay=10&perInFlightUs=1000}
	 */
	public String measurePathAndQuery() {
		return pathAndQuery(this.perInFlightUs);
	}

	/**
	 * The warm-up: this scenario's own, else the given default.
	 * @param defaultWarmup {@code --warmup}
	 * @return the warm-up
	 */
	public Duration warmupOr(Duration defaultWarmup) {
		return (this.warmup != null) ? this.warmup : defaultWarmup;
	}

	/**
	 * The measurement window: this scenario's own, else the given default.
	 * @param defaultMeasure {@code --measure}
	 * @return the window
	 */
	public Duration measureOr(Duration defaultMeasure) {
		return (this.measure != null) ? this.measure : defaultMeasure;
	}

	/**
	 * The body size the server answers with.
	 * @return the size in bytes
	 */
	public int expectedBodySize() {
		return this.endpoint.equals("big") ? BenchServer.BIG_BODY_SIZE : BenchServer.PING_BODY_SIZE;
	}

	/**
	 * The caller counts to run: this scenario's own, else the given defaults.
	 * @param defaults the caller counts of {@code --callers}
	 * @return the caller counts
	 */
	public List<Integer> callersOr(List<Integer> defaults) {
		return this.callers.isEmpty() ? defaults : this.callers;
	}

}
