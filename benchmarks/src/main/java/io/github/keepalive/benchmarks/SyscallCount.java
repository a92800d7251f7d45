package io.github.keepalive.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * The system calls of one variant's client JVM in two phases of one caller on one kept-alive
 * connection, N and 2N requests. Their difference is what N requests cost: what does not
 * depend on the request count (attaching, the commands that start and end a phase, a GC or
 * JIT thread waking on its timer) cancels out.
 *
 * @param variant the variant's id
 * @param target the server and scheme, e.g. {@code nginx-http-ping-0ms}
 * @param requests N
 * @param shortPhase {@code [calls, errors]} by system call, N requests
 * @param longPhase {@code [calls, errors]} by system call, 2N requests
 */
public record SyscallCount(String variant, String target, long requests, Map<String, long[]> shortPhase,
		Map<String, long[]> longPhase) {

	/**
	 * The system calls per request, by name (those whose count grew with the requests).
	 * @return calls per request by system call, largest first
	 */
	public Map<String, Double> perRequest() {
		Map<String, Double> perRequest = new TreeMap<>();
		for (String name : names()) {
			perRequest.put(name, difference(name, 0) / (double) this.requests);
		}
		return perRequest.entrySet()
			.stream()
			.sorted(Map.Entry.<String, Double>comparingByValue().reversed())
			.collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, LinkedHashMap::new));
	}

	/**
	 * All system calls per request.
	 * @return the total per request
	 */
	public double totalPerRequest() {
		return names().stream().mapToLong((name) -> difference(name, 0)).sum() / (double) this.requests;
	}

	/**
	 * Failed system calls per request (e.g. a read that finds no data: {@code EAGAIN}).
	 * @return the errors per request
	 */
	public double errorsPerRequest() {
		return names().stream().mapToLong((name) -> difference(name, 1)).sum() / (double) this.requests;
	}

	private long difference(String name, int column) {
		return this.longPhase.getOrDefault(name, new long[2])[column]
				- this.shortPhase.getOrDefault(name, new long[2])[column];
	}

	private TreeSet<String> names() {
		TreeSet<String> names = new TreeSet<>(this.shortPhase.keySet());
		names.addAll(this.longPhase.keySet());
		return names;
	}

	/**
	 * This count as one {@code key=value} line.
	 * @return the line
	 */
	public String toLine() {
		return "variant=" + this.variant + " target=" + this.target + " requests=" + this.requests + " short="
				+ format(this.shortPhase) + " long=" + format(this.longPhase);
	}

	/**
	 * Parses a line of {@link #toLine()}.
	 * @param line the line
	 * @return the count
	 */
	public static SyscallCount parse(String line) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : line.trim().split(" ")) {
			int eq = pair.indexOf('=');
			values.put(pair.substring(0, eq), pair.substring(eq + 1));
		}
		return new SyscallCount(values.get("variant"), values.get("target"), Long.parseLong(values.get("requests")),
				counts(values.get("short")), counts(values.get("long")));
	}

	private static String format(Map<String, long[]> counts) {
		return counts.entrySet()
			.stream()
			.map((e) -> e.getKey() + ":" + e.getValue()[0] + ":" + e.getValue()[1])
			.collect(Collectors.joining(";"));
	}

	private static Map<String, long[]> counts(String text) {
		Map<String, long[]> counts = new TreeMap<>();
		for (String entry : text.split(";")) {
			if (!entry.isEmpty()) {
				String[] parts = entry.split(":");
				counts.put(parts[0], new long[] { Long.parseLong(parts[1]), Long.parseLong(parts[2]) });
			}
		}
		return counts;
	}

}
