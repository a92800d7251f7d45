package io.github.keepalive.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
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

	// ---------------------------------------------------------------- chart

	/**
	 * Per scenario with an adaptive variant, three panels over time: the limit of each
	 * adaptive cell (one line per round), and the requests completed and their mean
	 * latency per tick of every variant (median of the rounds per tick). A dashed line
	 * marks the start of the measurement window.
	 * @param results every cell
	 * @param options the run's options
	 * @return the SVG, or an empty string without adaptive timelines
	 */
	static String svg(List<CellResult> results, Options options) {
		List<Scenario> scenarios = options.scenarios.stream()
			.filter((s) -> results.stream()
				.anyMatch((r) -> r.scenario().equals(s.id()) && isAdaptive(r.variant()) && !r.timeline().isEmpty()))
			.toList();
		if (scenarios.isEmpty()) {
			return "";
		}
		int width = 460;
		int height = 150;
		int left = 60;
		int top = 50;
		int rowHeight = height + 50;
		List<String> variants = options.variants.stream().map(Variant::id).toList();
		StringBuilder svg = new StringBuilder();
		int totalWidth = left + 3 * (width + 40);
		int totalHeight = top + scenarios.size() * rowHeight + 10;
		svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
				+ "viewBox=\"0 0 %d %d\" font-family=\"sans-serif\" font-size=\"11\">\n", totalWidth, totalHeight,
				totalWidth, totalHeight));
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		svg.append("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">The adaptive limit over time (")
			.append(Tick.MILLIS).append(" ms ticks from the client's creation)</text>\n");
		int legendX = 10;
		for (String variant : variants) {
			svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"30\" width=\"12\" height=\"12\" fill=\"%s\"/>"
					+ "<text x=\"%d\" y=\"40\">%s</text>\n", legendX, Report.color(variant), legendX + 16, variant));
			legendX += 30 + variant.length() * 7;
		}
		for (int s = 0; s < scenarios.size(); s++) {
			Scenario scenario = scenarios.get(s);
			int warmupTicks = (int) (scenario.warmupOr(options.warmup).toMillis() / Tick.MILLIS);
			List<CellResult> cells = results.stream().filter((r) -> r.scenario().equals(scenario.id())).toList();
			int y0 = top + s * rowHeight + 20;
			int maxTicks = cells.stream().mapToInt((c) -> c.timeline().size()).max().orElse(1);
			List<List<double[]>> limitLines = new ArrayList<>();
			List<String> limitColors = new ArrayList<>();
			List<List<double[]>> rpsLines = new ArrayList<>();
			List<List<double[]>> latencyLines = new ArrayList<>();
			List<String> colors = new ArrayList<>();
			for (CellResult cell : cells) {
				if (isAdaptive(cell.variant()) && !cell.timeline().isEmpty()) {
					limitLines.add(line(List.of(cell), (t) -> t.limit()));
					limitColors.add(Report.color(cell.variant()));
				}
			}
			for (String variant : variants) {
				List<CellResult> ofVariant = cells.stream().filter((c) -> c.variant().equals(variant)).toList();
				if (!ofVariant.isEmpty()) {
					rpsLines.add(line(ofVariant, (t) -> t.requests() * 1000.0 / Tick.MILLIS));
					latencyLines.add(line(ofVariant, (t) -> t.meanUs() / 1000));
					colors.add(Report.color(variant));
				}
			}
			String title = scenario.id() + " (" + cells.get(0).callers() + " callers)";
			panel(svg, left, y0, width, height, "limit, " + title, limitLines, limitColors, maxTicks, warmupTicks,
					false);
			panel(svg, left + width + 40, y0, width, height, "req/s, " + title, rpsLines, colors, maxTicks,
					warmupTicks, false);
			panel(svg, left + 2 * (width + 40), y0, width, height, "mean latency (ms, log), " + title, latencyLines,
					colors, maxTicks, warmupTicks, true);
		}
		return svg.append("</svg>\n").toString();
	}

	/** A line of {tick, value} points: per tick, the median over the given cells. */
	private static List<double[]> line(List<CellResult> cells, ToDoubleFunction<Tick> value) {
		int ticks = cells.stream().mapToInt((c) -> c.timeline().size()).max().orElse(0);
		List<double[]> points = new ArrayList<>();
		for (int i = 0; i < ticks; i++) {
			int tick = i;
			double[] values = cells.stream()
				.filter((c) -> c.timeline().size() > tick)
				.mapToDouble((c) -> value.applyAsDouble(c.timeline().get(tick)))
				.filter((v) -> !Double.isNaN(v))
				.sorted()
				.toArray();
			if (values.length > 0) {
				points.add(new double[] { i + 1, values[values.length / 2] });
			}
		}
		return points;
	}

	private static void panel(StringBuilder svg, int x0, int y0, int width, int height, String title,
			List<List<double[]>> lines, List<String> colors, int maxTicks, int warmupTicks, boolean log) {
		double[] values = lines.stream()
			.flatMap(List::stream)
			.mapToDouble((p) -> p[1])
			.filter((v) -> v > 0 && !Double.isInfinite(v))
			.toArray();
		double max = Arrays.stream(values).max().orElse(1);
		double min = log ? Math.pow(10, Math.floor(Math.log10(Arrays.stream(values).min().orElse(0.1)))) : 0;
		double top = log ? Math.pow(10, Math.ceil(Math.log10(max))) : niceCeiling(max);
		svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" font-weight=\"bold\">%s</text>\n", x0, y0 - 6,
				Report.escape(title)));
		for (int i = 0; i <= 4; i++) {
			double value = log ? min * Math.pow(top / min, i / 4.0) : top * i / 4;
			double y = y0 + height - height * i / 4.0;
			svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dee2e6\"/>"
					+ "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#495057\">%s</text>\n", x0, y, x0 + width, y,
					x0 - 4, y + 4, Report.axisLabel(value)));
		}
		double xScale = width / (double) Math.max(maxTicks, 1);
		svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%d\" x2=\"%.1f\" y2=\"%d\" stroke=\"#868e96\" "
				+ "stroke-dasharray=\"4 3\"/>\n", x0 + warmupTicks * xScale, y0, x0 + warmupTicks * xScale, y0 + height));
		for (int seconds = 0; seconds * 1000 / Tick.MILLIS <= maxTicks; seconds++) {
			svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#495057\">"
					+ "%d s</text>\n", x0 + seconds * 1000.0 / Tick.MILLIS * xScale, y0 + height + 14, seconds));
		}
		for (int l = 0; l < lines.size(); l++) {
			StringBuilder points = new StringBuilder();
			for (double[] point : lines.get(l)) {
				double fraction = log ? (Math.log(Math.max(point[1], min)) - Math.log(min)) / (Math.log(top) - Math.log(min))
						: point[1] / top;
				points.append(String.format(Locale.ROOT, "%.1f,%.1f ", x0 + point[0] * xScale,
						y0 + height - height * Math.max(0, Math.min(1, fraction))));
			}
			svg.append("<polyline fill=\"none\" stroke-width=\"1.5\" stroke=\"").append(colors.get(l))
				.append("\" points=\"").append(points.toString().trim()).append("\"/>\n");
		}
		svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#495057\"/>\n",
				x0, y0 + height, x0 + width, y0 + height));
	}

	private static double niceCeiling(double max) {
		double magnitude = Math.pow(10, Math.floor(Math.log10(Math.max(max, 1e-9))));
		for (double step : new double[] { 1, 2, 2.5, 5, 10 }) {
			if (step * magnitude >= max) {
				return step * magnitude;
			}
		}
		return 10 * magnitude;
	}

}
