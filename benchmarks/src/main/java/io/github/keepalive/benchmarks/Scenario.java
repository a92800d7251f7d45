package io.github.keepalive.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import io.github.keepalive.benchmarks.server.BenchServer;

/**
 * What the callers ask the server for: scheme, endpoint and server-side delay, optionally
 * how many requests the server serves on a connection before closing it (connection
 * churn), and which caller counts to run it at (all of {@code --callers} otherwise).
 * Written {@code scheme:endpoint:delayMs[:keepAliveRequests][@callers,...]}, e.g.
 * {@code https:ping:0}, {@code http:big:0@16} or {@code http:ping:0:5@16} (a new
 * connection every 5 requests, as nginx's {@code keepalive_requests 5}).
 *
 * @param scheme {@code http} or {@code https}
 * @param endpoint {@code ping} (200 bytes) or {@code big} (16 KiB)
 * @param delayMs the server's delay before answering
 * @param keepAliveRequests requests per connection before the server closes it, 0 for no
 * limit
 * @param callers the caller counts for this scenario, or empty for all
 */
public record Scenario(String scheme, String endpoint, int delayMs, int keepAliveRequests, List<Integer> callers) {

	public Scenario {
		if (!scheme.equals("http") && !scheme.equals("https")) {
			throw new IllegalArgumentException("Scheme must be http or https: " + scheme);
		}
		if (!endpoint.equals("ping") && !endpoint.equals("big")) {
			throw new IllegalArgumentException("Endpoint must be ping or big: " + endpoint);
		}
		if (delayMs < 0 || delayMs > 10_000) {
			throw new IllegalArgumentException("Delay must be 0 to 10000 ms: " + delayMs);
		}
		if (keepAliveRequests < 0) {
			throw new IllegalArgumentException("Requests per connection must be 0 (no limit) or more: "
					+ keepAliveRequests);
		}
		callers = List.copyOf(callers);
	}

	/**
	 * Parses {@code scheme:endpoint:delayMs[:keepAliveRequests][@callers,...]}.
	 * @param spec the spec
	 * @return the scenario
	 */
	public static Scenario parse(String spec) {
		String[] atSplit = spec.trim().split("@", 2);
		String[] parts = atSplit[0].split(":");
		if (parts.length != 3 && parts.length != 4) {
			throw new IllegalArgumentException(
					"Scenario must be scheme:endpoint:delayMs[:keepAliveRequests][@callers]: " + spec);
		}
		List<Integer> callers = new ArrayList<>();
		if (atSplit.length == 2) {
			Arrays.stream(atSplit[1].split("[,+]")).map(String::trim).map(Integer::parseInt).forEach(callers::add);
		}
		int keepAliveRequests = (parts.length == 4) ? Integer.parseInt(parts[3].trim()) : 0;
		return new Scenario(parts[0].trim(), parts[1].trim(), Integer.parseInt(parts[2].trim().replace("ms", "")),
				keepAliveRequests, callers);
	}

	/**
	 * The scenario's id, e.g. {@code https-ping-0ms}, or {@code http-ping-0ms-churn5} with a
	 * new connection every 5 requests.
	 * @return the id
	 */
	public String id() {
		return this.scheme + "-" + this.endpoint + "-" + this.delayMs + "ms"
				+ (isChurn() ? "-churn" + this.keepAliveRequests : "");
	}

	/**
	 * A short human description, e.g. {@code HTTPS, 200 B body, 10 ms delay}.
	 * @return the description
	 */
	public String label() {
		return this.scheme.toUpperCase() + ", " + (this.endpoint.equals("big") ? "16 KiB" : "200 B") + " body, "
				+ this.delayMs + " ms server delay"
				+ (isChurn() ? ", a new connection every " + this.keepAliveRequests + " requests" : "");
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
	 * The request path and query.
	 * @return e.g. {@code /ping?delay=10} or {@code /ping?keep-alive-requests=5}
	 */
	public String pathAndQuery() {
		List<String> query = new ArrayList<>();
		if (this.delayMs > 0) {
			query.add("delay=" + this.delayMs);
		}
		if (isChurn()) {
			query.add("keep-alive-requests=" + this.keepAliveRequests);
		}
		return "/" + this.endpoint + (query.isEmpty() ? "" : "?" + String.join("&", query));
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
