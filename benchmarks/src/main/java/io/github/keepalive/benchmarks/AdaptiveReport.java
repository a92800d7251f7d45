package io.github.keepalive.benchmarks;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.github.keepalive.benchmarks.CellResult.Tick;
import io.github.keepalive.benchmarks.Report.Row;
import io.github.keepalive.benchmarks.Report.Target;
import io.github.keepalive.benchmarks.client.Variant;

/**
 * The adaptive per-route limit in the comparison: its targets against Boot's client and
 * the fixed pool, how fast its limit settles after a change and how much it moves once
 * settled (from each cell's timeline), and a chart of the limit, the throughput and the
 * latency over time. A change is the client's creation (the limit starts at its floor),
 * or, in a scenario whose server degrades, the start of the measurement window.
 */
final class AdaptiveReport {

	/** The adaptive variants' common prefix. */
	static final String ADAPTIVE = "starter-adaptive";

	/** The settled part of a cell: its last two seconds. */
	static final int STEADY_TICKS = 2000 / Tick.MILLIS;

	/** How soon after a change the limit must have settled. */
	static final double CONVERGENCE_SECONDS = 3;

	/** How far the limit may move once settled: one Vegas step (6 connections below 100). */
	static final int STEADY_RANGE = 6;

	private AdaptiveReport() {
	}

	/**
	 * How one cell's limit settled.
	 *
	 * @param cell the cell
	 * @param seconds seconds from the change until the limit stayed within
	 * max(2, 20 %) of its settled value, NaN if it never did
	 * @param settled the median limit of the last two seconds
	 * @param low the lowest limit of the last two seconds
	 * @param high the highest limit of the last two seconds
	 */
	record Convergence(CellResult cell, double seconds, int settled, int low, int high) {

		int range() {
			return this.high - this.low;
		}

	}

	static boolean isAdaptive(String variant) {
		return variant.startsWith(ADAPTIVE);
	}

	static List<Convergence> convergences(List<CellResult> results, Options options) {
		List<Convergence> convergences = new ArrayList<>();
		for (CellResult cell : results) {
			List<Tick> timeline = cell.timeline();
			if (!isAdaptive(cell.variant()) || timeline.size() < STEADY_TICKS || timeline.get(0).limit() < 0) {
				continue;
			}
			int[] steady = timeline.subList(timeline.size() - STEADY_TICKS, timeline.size())
				.stream()
				.mapToInt(Tick::limit)
				.sorted()
				.toArray();
			int settled = steady[steady.length / 2];
			int band = Math.max(2, (int) Math.round(settled * 0.2));
			int change = changeTick(cell, options);
			int converged = -1;
			for (int i = timeline.size() - 1; i >= change && Math.abs(timeline.get(i).limit() - settled) <= band; i--) {
				converged = i;
			}
			convergences.add(new Convergence(cell,
					(converged < 0) ? Double.NaN : (converged + 1 - change) * Tick.MILLIS / 1000.0, settled,
					steady[0], steady[steady.length - 1]));
		}
		return convergences;
	}

	private static int changeTick(CellResult cell, Options options) {
		Scenario scenario = scenario(cell, options);
		return (scenario != null && scenario.isOverloaded())
				? (int) (scenario.warmupOr(options.warmup).toMillis() / Tick.MILLIS) : 0;
	}

	private static Scenario scenario(CellResult cell, Options options) {
		return options.scenarios.stream().filter((s) -> s.id().equals(cell.scenario())).findFirst().orElse(null);
	}

	// ---------------------------------------------------------------- targets

	static List<Target> targets(List<Row> rows, List<CellResult> results, Options options) {
		List<Target> targets = new ArrayList<>();
		List<Convergence> convergences = convergences(results, options);
		for (Variant variant : options.variants) {
			String adaptive = variant.id();
			if (!isAdaptive(adaptive)) {
				continue;
			}
			String cell0 = "HTTP, 0 ms delay, 64 callers";
			Row subject0 = Report.find(rows, "http-ping-0ms", 64, adaptive);
			Row boot0 = Report.find(rows, "http-ping-0ms", 64, "boot-hc5");
			targets.add(throughput(adaptive + " throughput >= boot-hc5", cell0, subject0, boot0, 1));
			targets.add(p99(adaptive + " p99 <= boot-hc5 p99", cell0, subject0, boot0, false));
			for (Scenario scenario : options.scenarios) {
				if (scenario.delayMs() == 10 && !scenario.isOverloaded() && scenario.scheme().equals("http")) {
					targets.add(throughput(adaptive + " >= 95 % of the fixed 50-connection starter",
							"HTTP, 10 ms delay (" + scenario.id() + "), 64 callers",
							Report.find(rows, scenario.id(), 64, adaptive), Report.find(rows, scenario.id(), 64, "starter"),
							0.95));
				}
			}
			for (Scenario scenario : options.scenarios) {
				if (!scenario.isOverloaded()) {
					continue;
				}
				for (int callers : scenario.callersOr(options.callers)) {
					String cell = "degrading downstream (" + scenario.id() + "), " + callers + " callers";
					Row subject = Report.find(rows, scenario.id(), callers, adaptive);
					Row fixed = Report.find(rows, scenario.id(), callers, "starter");
					targets.add(p99(adaptive + " p99 < the fixed starter's", cell, subject, fixed, true));
					targets.add(throughput(adaptive + " throughput >= the fixed starter's", cell, subject, fixed, 1));
				}
			}
			targets.add(settling(adaptive, convergences, options));
			targets.add(steadiness(adaptive, convergences, options));
		}
		return targets;
	}

	private static Target throughput(String name, String cell, Row subject, Row baseline, double factor) {
		if (subject == null || baseline == null) {
			return new Target(name, cell, "-", "-", "not run");
		}
		double ratio = subject.rps() / baseline.rps();
		return verdict(name, cell, Report.rps(subject.rps()) + " vs " + Report.rps(baseline.rps()) + " req/s ("
				+ String.format(Locale.ROOT, "%.0f %%", ratio * 100) + ")",
				">= " + String.format(Locale.ROOT, "%.0f %%", factor * 100), ratio >= factor);
	}

	private static Target p99(String name, String cell, Row subject, Row baseline, boolean strictly) {
		if (subject == null || baseline == null) {
			return new Target(name, cell, "-", "-", "not run");
		}
		String measured = Report.latency(subject.p99Us()) + " vs " + Report.latency(baseline.p99Us())
				+ serverDelay(subject, baseline);
		return verdict(name, cell, measured, (strictly ? "< " : "<= ") + Report.latency(baseline.p99Us()),
				strictly ? subject.p99Us() < baseline.p99Us() : subject.p99Us() <= baseline.p99Us());
	}

	private static String serverDelay(Row subject, Row baseline) {
		if (Double.isNaN(subject.serverDelayUs()) || Double.isNaN(baseline.serverDelayUs())
				|| baseline.serverDelayUs() < 1) {
			return "";
		}
		return " (the server's own latency " + Report.latency(subject.serverDelayUs()) + " vs "
				+ Report.latency(baseline.serverDelayUs()) + ")";
	}

	private static Target settling(String adaptive, List<Convergence> convergences, Options options) {
		String name = adaptive + " settles within " + (int) CONVERGENCE_SECONDS + " s of a change";
		List<double[]> cells = perCell(adaptive, convergences, options, Convergence::seconds);
		if (cells.isEmpty()) {
			return new Target(name, "every cell", "-", "-", "not run");
		}
		double[] worst = cells.stream().max(Comparator.comparingDouble((c) -> Double.isNaN(c[0]) ? 1e9 : c[0])).get();
		boolean met = cells.stream().allMatch((c) -> c[0] <= CONVERGENCE_SECONDS);
		return verdict(name, "every scenario (median of the rounds)",
				"slowest " + (Double.isNaN(worst[0]) ? "never" : seconds(worst[0])) + " ("
						+ options.scenarios.get((int) worst[1]).id() + ", " + (int) worst[2] + " callers)",
				"<= " + seconds(CONVERGENCE_SECONDS), met);
	}

	private static Target steadiness(String adaptive, List<Convergence> convergences, Options options) {
		String name = adaptive + " moves at most " + STEADY_RANGE + " once settled (last 2 s)";
		List<double[]> cells = perCell(adaptive, convergences, options, (c) -> c.range());
		if (cells.isEmpty()) {
			return new Target(name, "every cell", "-", "-", "not run");
		}
		double[] worst = cells.stream().max(Comparator.comparingDouble((c) -> c[0])).get();
		boolean met = cells.stream().allMatch((c) -> c[0] <= STEADY_RANGE);
		return verdict(name, "every scenario (median of the rounds)",
				"widest " + (int) worst[0] + " (" + options.scenarios.get((int) worst[1]).id() + ", " + (int) worst[2]
						+ " callers)",
				"<= " + STEADY_RANGE, met);
	}

	/** The median over the rounds of a figure, per scenario and caller count: {median, scenario index, callers}. */
	private static List<double[]> perCell(String adaptive, List<Convergence> convergences, Options options,
			ToDoubleFunction<Convergence> figure) {
		List<double[]> cells = new ArrayList<>();
		for (int s = 0; s < options.scenarios.size(); s++) {
			Scenario scenario = options.scenarios.get(s);
			for (int callers : scenario.callersOr(options.callers)) {
				double[] values = convergences.stream()
					.filter((c) -> c.cell().variant().equals(adaptive) && c.cell().scenario().equals(scenario.id())
							&& c.cell().callers() == callers)
					.mapToDouble(figure)
					.map((v) -> Double.isNaN(v) ? Double.POSITIVE_INFINITY : v)
					.sorted()
					.toArray();
				if (values.length > 0) {
					double median = (values.length % 2 == 1) ? values[values.length / 2]
							: (values[values.length / 2 - 1] + values[values.length / 2]) / 2;
					cells.add(new double[] { Double.isInfinite(median) ? Double.NaN : median, s, callers });
				}
			}
		}
		return cells;
	}

	private static Target verdict(String name, String cell, String measured, String threshold, boolean met) {
		return new Target(name, cell, measured, threshold, met ? "met" : "NOT met");
	}

	private static String seconds(double seconds) {
		return String.format(Locale.ROOT, "%.1f s", seconds);
	}

	// ---------------------------------------------------------------- Markdown

	static String markdown(List<CellResult> results, Options options) {
		List<Convergence> convergences = convergences(results, options);
		if (convergences.isEmpty()) {
			return "";
		}
		StringBuilder md = new StringBuilder("## The adaptive limit over time\n\n");
		md.append("A change is the client's creation (the limit starts at its floor) or, where the server degrades, ")
			.append("the start of the measurement window. \"settled after\": until the limit stays within max(2, 20 %) ")
			.append("of its median over the cell's last 2 s; \"last 2 s\": that median and the lowest–highest limit.\n\n");
		md.append("| scenario | callers | variant | round | settled after | last 2 s: median (lowest–highest) |\n");
		md.append("|---|---|---|---|---|---|\n");
		for (Convergence c : convergences) {
			md.append("| ").append(c.cell().scenario()).append(" | ").append(c.cell().callers()).append(" | ")
				.append(c.cell().variant()).append(" | ").append(c.cell().round()).append(" | ")
				.append(Double.isNaN(c.seconds()) ? "never" : seconds(c.seconds())).append(" | ").append(c.settled())
				.append(" (").append(c.low()).append("–").append(c.high()).append(") |\n");
		}
		return md.append('\n').toString();
	}

}
