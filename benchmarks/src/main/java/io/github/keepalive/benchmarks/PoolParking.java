package io.github.keepalive.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the JFR pass recorded for one cell: the time threads were blocked on HttpClient's
 * pool in the measurement window.
 *
 * @param cell the cell (its throughput and CPU are not part of the medians: JFR was on)
 * @param lockNanos time parked or blocked on the pool's lock (frames of
 * {@code org.apache.hc.core5.pool}), all threads together
 * @param lockEvents how many parks or blocks that was
 * @param waitNanos time waiting for a connection to be released (the lease's future), all
 * threads together
 */
public record PoolParking(CellResult cell, long lockNanos, long lockEvents, long waitNanos) {

	/**
	 * Time on the pool's lock per request.
	 * @return microseconds per request, NaN without requests
	 */
	public double lockUsPerRequest() {
		return perRequest(this.lockNanos);
	}

	/**
	 * Time waiting for a connection per request.
	 * @return microseconds per request, NaN without requests
	 */
	public double waitUsPerRequest() {
		return perRequest(this.waitNanos);
	}

	private double perRequest(long nanos) {
		return (this.cell.requests() > 0) ? nanos / 1000.0 / this.cell.requests() : Double.NaN;
	}

	/**
	 * Parses a worker's result line with the JFR figures at its end.
	 * @param line the line
	 * @return the parking
	 */
	public static PoolParking parse(String line) {
		Map<String, String> values = new LinkedHashMap<>();
		for (String pair : line.trim().split(" ")) {
			int eq = pair.indexOf('=');
			if (eq > 0) {
				values.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
		}
		return new PoolParking(CellResult.parse(line), Long.parseLong(values.get("jfrLockNanos")),
				Long.parseLong(values.get("jfrLockEvents")), Long.parseLong(values.get("jfrWaitNanos")));
	}

	/**
	 * This parking as one line, {@link #parse(String)} reads it back.
	 * @return the line
	 */
	public String toLine() {
		return this.cell.toLine() + " jfrLockNanos=" + this.lockNanos + " jfrLockEvents=" + this.lockEvents
				+ " jfrWaitNanos=" + this.waitNanos;
	}

}
