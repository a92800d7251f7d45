package io.github.keepalive.differential;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.keepalive.realserver.CallerLoad.Call;
import io.github.keepalive.realserver.ScenarioFigures;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What one side of a differential load scenario counted: what the callers saw and what
 * the server saw.
 *
 * @param side the side
 * @param scenario the scenario's name
 * @param callers the callers at once
 * @param gets GETs sent
 * @param getFailures GETs that failed
 * @param posts POSTs sent
 * @param postFailures POSTs that failed
 * @param received requests the server received
 * @param duplicated request ids the server received more than once
 * @param connections connections the server accepted
 * @param elapsed how long the callers ran
 * @param failureKinds failures by method and root cause
 */
record LoadFigures(ClientSide side, String scenario, int callers, long gets, long getFailures, long posts,
		long postFailures, long received, long duplicated, long connections, Duration elapsed,
		Map<String, Integer> failureKinds) {

	/**
	 * How much worse than Boot's client the starter may count connections per caller at
	 * peak before it is worse: the 1.25 the issue allows after a restart.
	 */
	static final double CONNECTION_MARGIN = 1.25;

	static LoadFigures of(ClientSide side, String scenario, int callers, List<Call> calls, long received,
			long duplicated, long connections, Duration elapsed) {
		return new LoadFigures(side, scenario, callers, calls.stream().filter((call) -> !call.post()).count(),
				calls.stream().filter((call) -> !call.post() && call.failed()).count(),
				calls.stream().filter(Call::post).count(),
				calls.stream().filter((call) -> call.post() && call.failed()).count(), received, duplicated,
				connections, elapsed, ScenarioFigures.failureKinds(calls.stream().filter(Call::failed).toList()));
	}

	/**
	 * Connections accepted per connection the side leases at peak: 1 when each caller's
	 * connection lasted the whole run, whatever the pool's size.
	 * @return connections per caller at peak
	 */
	double connectionsPerCallerAtPeak() {
		return (double) this.connections / this.side.leasedAtPeak(this.callers);
	}

	/**
	 * Failed POSTs per connection leased at peak: a server that closes connections under
	 * load loses the POSTs being written at that moment, one per connection at most, so a
	 * pool that holds every caller meets more of them than one that queues 11 of 16.
	 * @return failed POSTs per caller at peak
	 */
	double postFailuresPerCallerAtPeak() {
		return (double) this.postFailures / this.side.leasedAtPeak(this.callers);
	}

	double requestsPerConnection() {
		return (this.connections > 0) ? (double) this.received / this.connections : 0;
	}

	/**
	 * Logs the figures in one line (throughput included, never asserted).
	 */
	void log() {
		double seconds = this.elapsed.toMillis() / 1000.0;
		System.out.printf(Locale.ROOT,
				"[differential] %s | %-7s | %d callers | %,d GETs, %,d failed | %,d POSTs, %,d failed | "
						+ "%,d received, %,d duplicated | %,d connections, %.2f per caller at peak, "
						+ "%.1f requests per connection | %.0f requests/s | failures %s%n",
				this.scenario, this.side, this.callers, this.gets, this.getFailures, this.posts, this.postFailures,
				this.received, this.duplicated, this.connections, connectionsPerCallerAtPeak(),
				requestsPerConnection(), (this.gets + this.posts) / Math.max(seconds, 0.001), this.failureKinds);
	}

	/**
	 * Asserts that the starter did no worse than Boot's client: no duplicated request, no
	 * more failed GETs (both retry them), no more failed POSTs and connections per caller
	 * at peak (the connections within {@link #CONNECTION_MARGIN}).
	 * @param starter the starter's figures
	 * @param boot Boot's figures
	 */
	static void assertNeverWorse(LoadFigures starter, LoadFigures boot) {
		assertThat(starter.duplicated()).as("%s: requests the server received twice, Boot's client: %d",
				starter.scenario(), boot.duplicated()).isZero();
		assertThat(starter.getFailures()).as("%s: failed GETs (%s), Boot's client: %d (%s)", starter.scenario(),
				starter.failureKinds(), boot.getFailures(), boot.failureKinds()).isLessThanOrEqualTo(boot.getFailures());
		assertThat(starter.postFailuresPerCallerAtPeak())
			.as("%s: failed POSTs per caller at peak (%d: %s), Boot's client: %.2f (%d: %s)", starter.scenario(),
					starter.postFailures(), starter.failureKinds(), boot.postFailuresPerCallerAtPeak(),
					boot.postFailures(), boot.failureKinds())
			.isLessThanOrEqualTo(boot.postFailuresPerCallerAtPeak());
		assertThat(starter.connectionsPerCallerAtPeak())
			.as("%s: connections per caller at peak (%d connections), Boot's client: %.2f (%d connections)",
					starter.scenario(), starter.connections(), boot.connectionsPerCallerAtPeak(), boot.connections())
			.isLessThanOrEqualTo(Math.max(1, boot.connectionsPerCallerAtPeak()) * CONNECTION_MARGIN);
	}

}
