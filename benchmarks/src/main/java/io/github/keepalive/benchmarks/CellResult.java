package io.github.keepalive.benchmarks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What one cell (variant, scenario, caller count, round) measured.
 *
 * @param variant the variant's id
 * @param scenario the scenario's id, e.g. {@code http-ping-0ms}
 * @param callers the number of caller threads
 * @param round the round, from 1
 * @param requests requests completed in the measurement window
 * @param errors requests that failed in the measurement window
 * @param seconds the measurement window's length
 * @param p50Us median latency in microseconds
 * @param p99Us 99th percentile latency in microseconds
 * @param p999Us 99.9th percentile latency in microseconds
 * @param maxUs longest latency in microseconds
 * @param clientCpuNanos the client process's CPU time in the window
 * @param jitCpuNanos the part of it spent by the JIT compiler's threads, -1 if unknown
 * @param gcCpuNanos the part of it spent by the garbage collector's threads, -1 if unknown
 * @param serverCpuNanos the server's CPU time in the window, or -1
 * @param acceptsWindow connections the server accepted in the window
 * @param acceptsCell connections the server accepted from the client's creation to the
 * end of the window (warm-up included)
 * @param maxPerRoute the client's per-route connection limit, -1 if none
 * @param serverDelayNanos the time the server's answers in the window waited for their
 * delay, all together (the downstream's own latency), or -1 if unknown
 * @param timeline the cell over time, from the start of the warm-up: a {@link Tick} every
 * {@link Tick#MILLIS} ms
 */
public record CellResult(String variant, String scenario, int callers, int round, long requests, long errors,
		double seconds, double p50Us, double p99Us, double p999Us, double maxUs, long clientCpuNanos, long jitCpuNanos, long gcCpuNanos,
		long serverCpuNanos, long acceptsWindow, long acceptsCell, int maxPerRoute, long serverDelayNanos,
		List<Tick> timeline) {

	public CellResult {
		timeline = List.copyOf(timeline);
	}

	/**
	 * The server's mean delay per request in the window: how long the downstream itself
	 * took to answer.
	 * @return the delay in microseconds, or NaN if unknown
	 */
	public double serverDelayUsPerRequest() {
		return (this.serverDelayNanos >= 0 && this.requests > 0) ? this.serverDelayNanos / 1000.0 / this.requests
				: Double.NaN;
	}

	/**
	 * Completed requests per second.
	 * @return the throughput
	 */
	public double requestsPerSecond() {
		return (this.seconds > 0) ? this.requests / this.seconds : 0;
	}

	/**
	 * The client's CPU time per completed request, in microseconds.
	 * @return the CPU time per request, or NaN without requests
	 */
	public double clientCpuUsPerRequest() {
		return (this.requests > 0) ? this.clientCpuNanos / 1000.0 / this.requests : Double.NaN;
	}

	/**
	 * The JIT compiler's part of {@link #clientCpuUsPerRequest()}.
	 * @return the JIT compiler threads' CPU time per request, or NaN if unknown
	 */
	public double jitCpuUsPerRequest() {
		return (this.requests > 0 && this.jitCpuNanos >= 0) ? this.jitCpuNanos / 1000.0 / this.requests : Double.NaN;
	}

	/**
	 * The garbage collector's part of {@link #clientCpuUsPerRequest()}.
	 * @return the GC threads' CPU time per request, or NaN if unknown
	 */
	public double gcCpuUsPerRequest() {
		return (this.requests > 0 && this.gcCpuNanos >= 0) ? this.gcCpuNanos / 1000.0 / this.requests : Double.NaN;
	}

	/**
	 * The client's CPU time per completed request without the JIT compiler's: the request
	 * path's own cost once compiled, which a compilation running in the window (of the
	 * cell's Spring context start-up, say) does not blur.
	 * @return the CPU time per request, or NaN if unknown
	 */
	public double clientCpuUsPerRequestWithoutJit() {
		return clientCpuUsPerRequest() - jitCpuUsPerRequest();
	}

	/**
	 * The server's CPU use in the window, in percent of one core.
	 * @return the CPU use, or NaN if unknown
	 */
	public double serverCpuPercent() {
		return (this.serverCpuNanos >= 0 && this.seconds > 0) ? this.serverCpuNanos / 1e7 / this.seconds
				: Double.NaN;
	}

	/**
	 * The client's CPU use in the window, in percent of one core.
	 * @return the CPU use
	 */
	public double clientCpuPercent() {
		return (this.seconds > 0) ? this.clientCpuNanos / 1e7 / this.seconds : Double.NaN;
	}

	/**
	 * This result as {@code key=value} pairs separated by spaces.
	 * @return the line
	 */
	public String toLine() {
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("variant", this.variant);
		values.put("scenario", this.scenario);
		values.put("callers", this.callers);
		values.put("round", this.round);
		values.put("requests", this.requests);
		values.put("errors", this.errors);
		values.put("seconds", format(this.seconds));
		values.put("p50Us", format(this.p50Us));
		values.put("p99Us", format(this.p99Us));
		values.put("p999Us", format(this.p999Us));
		values.put("maxUs", format(this.maxUs));
		values.put("clientCpuNanos", this.clientCpuNanos);
		values.put("jitCpuNanos", this.jitCpuNanos);
		values.put("gcCpuNanos", this.gcCpuNanos);
		values.put("serverCpuNanos", this.serverCpuNanos);
		values.put("acceptsWindow", this.acceptsWindow);
		values.put("acceptsCell", this.acceptsCell);
		values.put("maxPerRoute", this.maxPerRoute);
		values.put("serverDelayNanos", this.serverDelayNanos);
		values.put("timeline", this.timeline.stream().map(Tick::toString).collect(Collectors.joining(",")));
		StringBuilder line = new StringBuilder();
		values.forEach((key, value) -> line.append((line.length() > 0) ? " " : "").append(key).append('=').append(value));
		return line.toString();
	}

	/**
	 * Parses a line written by {@link #toLine()}.
	 * @param line the line
	 * @return the result
	 */
	public static CellResult parse(String line) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : line.trim().split(" ")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				values.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
		}
		return new CellResult(values.get("variant"), values.get("scenario"), Integer.parseInt(values.get("callers")),
				Integer.parseInt(values.get("round")), Long.parseLong(values.get("requests")),
				Long.parseLong(values.get("errors")), Double.parseDouble(values.get("seconds")),
				Double.parseDouble(values.get("p50Us")), Double.parseDouble(values.get("p99Us")),
				Double.parseDouble(values.get("p999Us")), Double.parseDouble(values.get("maxUs")),
				Long.parseLong(values.get("clientCpuNanos")), Long.parseLong(values.getOrDefault("jitCpuNanos", "-1")),
				Long.parseLong(values.getOrDefault("gcCpuNanos", "-1")),
				Long.parseLong(values.get("serverCpuNanos")),
				Long.parseLong(values.get("acceptsWindow")), Long.parseLong(values.get("acceptsCell")),
				Integer.parseInt(values.get("maxPerRoute")), Long.parseLong(values.getOrDefault("serverDelayNanos", "-1")),
				Tick.parseAll(values.getOrDefault("timeline", "")));
	}

	/**
	 * This result with another round number.
	 * @param round the round
	 * @return the copy
	 */
	public CellResult withRound(int round) {
		return new CellResult(this.variant, this.scenario, this.callers, round, this.requests, this.errors,
				this.seconds, this.p50Us, this.p99Us, this.p999Us, this.maxUs, this.clientCpuNanos, this.jitCpuNanos, this.gcCpuNanos,
				this.serverCpuNanos, this.acceptsWindow, this.acceptsCell, this.maxPerRoute, this.serverDelayNanos,
				this.timeline);
	}

	/**
	 * One tick of a cell's timeline.
	 *
	 * @param limit the client's adaptive per-route limit at the end of the tick, -1 if it has
	 * none
	 * @param requests requests completed in the tick
	 * @param meanUs their mean latency in microseconds, NaN if none
	 */
	public record Tick(int limit, long requests, double meanUs) {

		/** The length of a tick. */
		public static final int MILLIS = 100;

		@Override
		public String toString() {
			return this.limit + "/" + this.requests + "/" + (Double.isNaN(this.meanUs) ? "-" : Math.round(this.meanUs));
		}

		static List<Tick> parseAll(String ticks) {
			List<Tick> parsed = new ArrayList<>();
			for (String tick : ticks.split(",")) {
				if (!tick.isEmpty()) {
					String[] parts = tick.split("/");
					parsed.add(new Tick(Integer.parseInt(parts[0]), Long.parseLong(parts[1]),
							parts[2].equals("-") ? Double.NaN : Double.parseDouble(parts[2])));
				}
			}
			return parsed;
		}

	}

	private static String format(double value) {
		return String.format(Locale.ROOT, "%.3f", value);
	}

}
