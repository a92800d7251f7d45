package io.github.keepalive.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import io.github.keepalive.benchmarks.BaselineVerdict.Ratio;

/**
 * The starter against its baseline ({@code restclient-hc5}: Boot's {@code RestClient} over a
 * plain HttpClient 5 pool of the same size), with the A/A control ({@code restclient-hc5-b},
 * the same client again in the same rounds): the targets, each judged on the median ratio
 * and met only when it clears its threshold by more than the A/A spread; the system calls
 * per request on a kept-alive connection; the time blocked on HttpClient's pool.
 */
final class BaselineReport {

	static final String STARTER = "starter";

	static final String BASELINE = "restclient-hc5";

	static final String CONTROL = "restclient-hc5-b";

	static final String BOOT = "boot-hc5";

	private BaselineReport() {
	}

	/**
	 * One target with its A/A control.
	 *
	 * @param name what is checked
	 * @param cell where
	 * @param measured the measured value (median ratio and the rounds' range, or a
	 * difference)
	 * @param control the same figure for the A/A control
	 * @param pooled the starter's median over the median of both plain JVMs' rounds together,
	 * or {@code -}; reported beside the verdict, not part of it
	 * @param threshold what it had to reach
	 * @param verdict met, NOT met, not run or reported
	 */
	record Line(String name, String cell, String measured, String control, String pooled, String threshold,
			String verdict) {

		Line(String name, String cell, String measured, String control, String threshold, String verdict) {
			this(name, cell, measured, control, "-", threshold, verdict);
		}

		Report.Target toTarget() {
			return new Report.Target(this.name, this.cell, this.measured + "; A/A " + this.control, this.threshold,
					this.verdict);
		}

	}

	static boolean applies(List<CellResult> results, List<SyscallCount> syscalls) {
		return results.stream().anyMatch((r) -> r.variant().equals(BASELINE))
				|| syscalls.stream().anyMatch((s) -> s.variant().equals(BASELINE));
	}

	static List<Line> lines(Options options, List<CellResult> results, List<SyscallCount> syscalls) {
		List<Line> lines = new ArrayList<>();
		for (Scenario scenario : options.scenarios) {
			if (scenario.delayMs() != 0 || scenario.isChurn() || scenario.isOverloaded()) {
				continue;
			}
			for (int callers : scenario.callersOr(options.callers)) {
				String cell = scenario.label() + ", " + callers + " callers";
				Cell values = new Cell(results, scenario.id(), callers);
				lines.add(ratioLine("starter throughput >= 0.95x restclient-hc5", cell, values,
						CellResult::requestsPerSecond, STARTER, 0.95, true));
				lines.add(ratioLine("starter p99 <= 1.1x restclient-hc5", cell, values, CellResult::p99Us, STARTER, 1.1,
						false));
				lines.add(ratioLine("starter client CPU/request <= 1.1x restclient-hc5", cell, values,
						CellResult::clientCpuUsPerRequest, STARTER, 1.1, false));
				lines.add(ratioLine("starter client CPU/request without the JIT compiler's <= 1.1x restclient-hc5",
						cell, values, CellResult::clientCpuUsPerRequestWithoutJit, STARTER, 1.1, false));
				if (callers == 16) {
					lines.add(versusBoot("starter faster than boot-hc5 (Boot's untuned 25/5)", cell, values));
				}
				else if (values.has(BOOT) && values.has(STARTER)) {
					Ratio p99 = values.ratio(STARTER, BOOT, CellResult::p99Us);
					lines.add(new Line("starter p99 vs boot-hc5 (reported: Boot's 5-per-route pool queues callers)",
							cell, "p99 " + p99, "-", "-", "reported"));
				}
			}
		}
		for (String target : syscalls.stream().map(SyscallCount::target).distinct().toList()) {
			lines.add(syscallLine(target, syscalls));
		}
		return lines;
	}

	private static Line ratioLine(String name, String cell, Cell values, ToDoubleFunction<CellResult> metric,
			String subject, double threshold, boolean atLeast) {
		String limit = (atLeast ? ">= " : "<= ") + String.format(Locale.ROOT, "%.2f", threshold)
				+ "x, by more than the A/A spread";
		if (!values.has(subject) || !values.has(BASELINE) || !values.has(CONTROL)) {
			return new Line(name, cell, "-", "-", limit, BaselineVerdict.NOT_RUN);
		}
		Ratio measured = values.ratio(subject, BASELINE, metric);
		Ratio control = values.ratio(CONTROL, BASELINE, metric);
		String verdict = atLeast ? BaselineVerdict.atLeast(measured.value(), threshold, control.spread())
				: BaselineVerdict.atMost(measured.value(), threshold, control.spread());
		return new Line(name, cell, measured.toString(), control.toString(),
				String.format(Locale.ROOT, "%.3fx", values.pooledRatio(subject, metric)), limit,
				BaselineVerdict.withRounds(verdict, measured.rounds(), Options.TARGET_ROUNDS));
	}

	private static Line versusBoot(String name, String cell, Cell values) {
		String limit = "> 1.00x, by more than the A/A spread";
		if (!values.has(STARTER) || !values.has(BOOT) || !values.has(BASELINE) || !values.has(CONTROL)) {
			return new Line(name, cell, "-", "-", limit, BaselineVerdict.NOT_RUN);
		}
		Ratio measured = values.ratio(STARTER, BOOT, CellResult::requestsPerSecond);
		Ratio control = values.ratio(CONTROL, BASELINE, CellResult::requestsPerSecond);
		return new Line(name, cell, "throughput " + measured, control.toString(), limit, BaselineVerdict
			.withRounds(BaselineVerdict.atLeast(measured.value(), 1, control.spread()), measured.rounds(),
					Options.TARGET_ROUNDS));
	}

	private static Line syscallLine(String target, List<SyscallCount> syscalls) {
		String name = "starter system calls/request <= restclient-hc5's + 1";
		String cell = target + ", 1 caller, kept-alive connection";
		String limit = "<= +1, by more than the A/A difference";
		SyscallCount starter = find(syscalls, target, STARTER);
		SyscallCount baseline = find(syscalls, target, BASELINE);
		SyscallCount control = find(syscalls, target, CONTROL);
		if (starter == null || baseline == null || control == null) {
			return new Line(name, cell, "-", "-", limit, BaselineVerdict.NOT_RUN);
		}
		double difference = starter.totalPerRequest() - baseline.totalPerRequest();
		double spread = control.totalPerRequest() - baseline.totalPerRequest();
		return new Line(name, cell,
				twoDecimals(starter.totalPerRequest()) + " vs " + twoDecimals(baseline.totalPerRequest()) + " ("
						+ signed(difference) + ")",
				CONTROL + " " + twoDecimals(control.totalPerRequest()) + " (" + signed(spread) + ")", limit,
				BaselineVerdict.atMost(difference, 1, spread));
	}

	private static SyscallCount find(List<SyscallCount> syscalls, String target, String variant) {
		return syscalls.stream()
			.filter((s) -> s.target().equals(target) && s.variant().equals(variant))
			.findFirst()
			.orElse(null);
	}

	static String markdown(List<Line> lines, List<SyscallCount> syscalls, List<PoolParking> parking,
			Map<String, String> meta) {
		StringBuilder md = new StringBuilder("## The starter against its baseline (restclient-hc5)\n\n");
		md.append("""
				Each ratio is of the medians of the rounds (the starter's over `restclient-hc5`'s), with the lowest \
				and highest of the rounds' own ratios and their median (each round pairs the two in the same \
				minutes and the same JVMs, so a slow or fast round moves it less; reported, not judged). The A/A \
				column is the same ratio for `restclient-hc5-b` over \
				`restclient-hc5`: the same client in another JVM in the same rounds, so its distance from 1.00 is \
				the spread of this measurement. A target is met only when the median ratio clears its threshold by \
				more than that spread; with fewer than %d rounds the verdict is marked indicative. The column \
				"against both plain JVMs" divides the starter's median by the median of the rounds of \
				`restclient-hc5` and `restclient-hc5-b` together: the same figure with the difference between the \
				two plain JVMs averaged in rather than taken from one of them. It is reported, not judged.

				""".formatted(Options.TARGET_ROUNDS));
		md.append("| target | cell | measured: median ratio (rounds' range) | A/A: restclient-hc5-b / restclient-hc5 | "
				+ "against both plain JVMs | threshold | verdict |\n|---|---|---|---|---|---|---|\n");
		for (Line line : lines) {
			md.append("| ")
				.append(String.join(" | ", line.name(), line.cell(), line.measured(), line.control(), line.pooled(),
						line.threshold(),
						line.verdict().startsWith(BaselineVerdict.MET) ? line.verdict() : "**" + line.verdict() + "**"))
				.append(" |\n");
		}
		md.append('\n');
		if (!syscalls.isEmpty()) {
			md.append("### System calls per request on a kept-alive connection\n\n")
				.append("One caller, after a warm-up on the same connection; `")
				.append(meta.getOrDefault("strace", "strace -f -c -o <file> -p <client JVM pid>"))
				.append("` attached for a phase of N requests and again for 2N; per request = (calls(2N) - calls(N)) / N, "
						+ "so what does not grow with the requests (attaching, the phase's commands, GC and JIT "
						+ "timers) cancels out. The summaries are in `strace/`.\n\n")
				.append("| server, scheme | variant | N | system calls/request | failed/request | by call (per request) |\n")
				.append("|---|---|---|---|---|---|\n");
			for (SyscallCount count : syscalls) {
				String byCall = count.perRequest()
					.entrySet()
					.stream()
					.filter((e) -> Math.abs(e.getValue()) >= 0.05)
					.map((e) -> e.getKey() + " " + twoDecimals(e.getValue()))
					.collect(Collectors.joining(", "));
				md.append("| ")
					.append(String.join(" | ", count.target(), count.variant(), Long.toString(count.requests()),
							twoDecimals(count.totalPerRequest()), twoDecimals(count.errorsPerRequest()), byCall))
					.append(" |\n");
			}
			md.append('\n');
		}
		if (!parking.isEmpty()) {
			md.append("### Time blocked on HttpClient's pool (JFR)\n\n")
				.append("One extra pass of every cell after the rounds, with JFR recording `jdk.ThreadPark`, "
						+ "`jdk.JavaMonitorEnter` and `jdk.JavaMonitorWait` with stack traces over the measurement "
						+ "window (threshold ")
				.append(meta.getOrDefault("jfr threshold", "0 ms"))
				.append("; the recordings are in `jfr/`). \"pool lock\" sums the events with a frame of "
						+ "`org.apache.hc.core5.pool` (parked or blocked on the pool's lock); \"waiting for a "
						+ "connection\" those in the lease's `BasicFuture.get` (all callers busy). All threads "
						+ "together, per request of the window. This pass's throughput is not part of the medians.\n\n")
				.append("| scenario | callers | variant | requests | pool lock µs/request | pool lock events/request | "
						+ "waiting for a connection µs/request |\n|---|---|---|---|---|---|---|\n");
			parking.stream()
				.sorted(Comparator.comparing((PoolParking p) -> p.cell().scenario())
					.thenComparingInt((p) -> p.cell().callers()))
				.forEach((p) -> md.append("| ")
					.append(String.join(" | ", p.cell().scenario(), Integer.toString(p.cell().callers()),
							p.cell().variant(), Long.toString(p.cell().requests()), twoDecimals(p.lockUsPerRequest()),
							twoDecimals((p.cell().requests() > 0) ? p.lockEvents() / (double) p.cell().requests()
									: Double.NaN),
							twoDecimals(p.waitUsPerRequest())))
					.append(" |\n"));
			md.append('\n');
		}
		return md.toString();
	}

	private static String twoDecimals(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
	}

	private static String signed(double value) {
		return String.format(Locale.ROOT, "%+.2f", value);
	}

	/**
	 * The rounds of one scenario and caller count, by variant.
	 */
	private static final class Cell {

		private final List<CellResult> results;

		Cell(List<CellResult> all, String scenario, int callers) {
			this.results = all.stream().filter((r) -> r.scenario().equals(scenario) && r.callers() == callers).toList();
		}

		boolean has(String variant) {
			return this.results.stream().anyMatch((r) -> r.variant().equals(variant));
		}

		/** The ratio of two variants, over the rounds both ran. */
		Ratio ratio(String subject, String baseline, ToDoubleFunction<CellResult> metric) {
			List<Integer> rounds = this.results.stream()
				.filter((r) -> r.variant().equals(subject))
				.map(CellResult::round)
				.filter((round) -> this.results.stream()
					.anyMatch((r) -> r.variant().equals(baseline) && r.round() == round))
				.sorted()
				.toList();
			return BaselineVerdict.ratio(values(subject, rounds, metric), values(baseline, rounds, metric));
		}

		/** The subject's median over the median of both plain JVMs' rounds together. */
		double pooledRatio(String subject, ToDoubleFunction<CellResult> metric) {
			return BaselineVerdict.pooledRatio(all(subject, metric), all(BASELINE, metric), all(CONTROL, metric));
		}

		private double[] all(String variant, ToDoubleFunction<CellResult> metric) {
			return this.results.stream().filter((r) -> r.variant().equals(variant)).mapToDouble(metric).toArray();
		}

		private double[] values(String variant, List<Integer> rounds, ToDoubleFunction<CellResult> metric) {
			return rounds.stream()
				.mapToDouble((round) -> this.results.stream()
					.filter((r) -> r.variant().equals(variant) && r.round() == round)
					.mapToDouble(metric)
					.findFirst()
					.orElse(Double.NaN))
				.toArray();
		}

	}

}
