package io.github.keepalive.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

import io.github.keepalive.benchmarks.client.Variant;

/**
 * The comparison's output: medians per cell as Markdown tables, the targets with their
 * verdicts, a chart (SVG, also inside a self-contained HTML page) and the raw results.
 *
 * @param markdown the Markdown report
 * @param html the HTML page (chart and tables)
 * @param svg the chart alone
 * @param raw every cell of every round, one {@code key=value} line each
 * @param rows the medians
 * @param targets the targets and their verdicts
 */
public record Report(Path markdown, Path html, Path svg, Path raw, List<Row> rows, List<Target> targets) {

	private static final Map<String, String> COLORS = Map.ofEntries(Map.entry("starter", "#2b8a3e"),
			Map.entry("boot-hc5", "#1c7ed6"), Map.entry("boot-jdk", "#f08c00"), Map.entry("conn-per-req", "#e03131"),
			Map.entry("starter-factory-hc5", "#7048e8"), Map.entry("restclient-hc5", "#495057"),
			Map.entry("restclient-hc5-b", "#adb5bd"), Map.entry("hc5", "#74c0fc"),
			Map.entry("starter-adaptive", "#d6336c"), Map.entry("starter-adaptive-gradient", "#0ca678"),
			Map.entry("starter-adaptive-aimd", "#ae3ec9"));

	/**
	 * The medians of one cell over the rounds.
	 *
	 * @param scenario the scenario
	 * @param callers the caller count
	 * @param variant the variant's id
	 * @param rounds how many rounds measured it
	 * @param rps median requests per second
	 * @param rpsMin lowest requests per second of the rounds
	 * @param rpsMax highest requests per second of the rounds
	 * @param p50Us median of the rounds' medians
	 * @param p99Us median of the rounds' 99th percentiles
	 * @param p999Us median of the rounds' 99.9th percentiles
	 * @param cpuUsPerRequest median client CPU time per request
	 * @param clientCpuPercent median client CPU use (percent of one core)
	 * @param serverCpuPercent median server CPU use (percent of one core)
	 * @param acceptsCellMax the most connections the server accepted in one round's cell,
	 * warm-up included
	 * @param acceptsWindow median connections accepted in the measurement window
	 * @param maxPerRoute the client's per-route limit, -1 if none
	 * @param errors failed requests, all rounds
	 * @param serverDelayUs median of the server's own mean delay per request (the
	 * downstream's latency), NaN if unknown
	 * @param jitUsPerRequest median of the JIT compiler's part of the client's CPU time
	 * per request, NaN if unknown
	 * @param gcUsPerRequest median of the garbage collector's part of it, NaN if unknown
	 */
	public record Row(Scenario scenario, int callers, String variant, int rounds, double rps, double rpsMin,
			double rpsMax, double p50Us, double p99Us, double p999Us, double cpuUsPerRequest, double clientCpuPercent,
			double serverCpuPercent, long acceptsCellMax, double acceptsWindow, int maxPerRoute, long errors,
			double serverDelayUs, double jitUsPerRequest, double gcUsPerRequest) {

	}

	/**
	 * One target and whether the run met it.
	 *
	 * @param name what is checked
	 * @param cell where
	 * @param measured the measured value
	 * @param threshold what it had to reach
	 * @param verdict {@code met}, {@code NOT met} or {@code not run}
	 */
	public record Target(String name, String cell, String measured, String threshold, String verdict) {

		boolean met() {
			return this.verdict.equals("met");
		}

	}

	static Report write(Path out, Options options, List<CellResult> results, Map<String, String> meta)
			throws IOException {
		return write(out, options, results, List.of(), List.of(), meta);
	}

	static Report write(Path out, Options options, List<CellResult> results, List<SyscallCount> syscalls,
			List<PoolParking> parking, Map<String, String> meta) throws IOException {
		List<Row> rows = aggregate(options, results);
		List<Target> targets = new ArrayList<>(targets(rows, options));
		if (options.variants.stream().anyMatch((v) -> AdaptiveReport.isAdaptive(v.id()))) {
			targets.addAll(AdaptiveReport.targets(rows, results, options));
		}
		String baseline = "";
		if (BaselineReport.applies(results, syscalls)) {
			List<BaselineReport.Line> lines = BaselineReport.lines(options, results, syscalls);
			lines.forEach((line) -> targets.add(line.toTarget()));
			baseline = BaselineReport.markdown(lines, syscalls, parking, meta);
		}
		Path markdown = out.resolve("results.md");
		Path svg = out.resolve("results.svg");
		Path html = out.resolve("results.html");
		String chart = svg(options, rows);
		String timeline = TimelineChart.svg(results, options);
		Files.writeString(markdown,
				markdown(options, rows, targets, meta) + baseline + AdaptiveReport.markdown(results, options));
		Files.writeString(svg, chart);
		if (!timeline.isEmpty()) {
			Files.writeString(out.resolve("timeline.svg"), timeline);
		}
		Files.writeString(html, html(options, rows, targets, meta, chart + timeline));
		return new Report(markdown, html, svg, out.resolve("raw.tsv"), rows, targets);
	}

	static List<Row> aggregate(Options options, List<CellResult> results) {
		List<Row> rows = new ArrayList<>();
		for (Scenario scenario : options.scenarios) {
			for (int callers : scenario.callersOr(options.callers)) {
				for (Variant variant : options.variants) {
					List<CellResult> cells = results.stream()
						.filter((r) -> r.scenario().equals(scenario.id()) && r.callers() == callers
								&& r.variant().equals(variant.id()))
						.toList();
					if (cells.isEmpty()) {
						continue;
					}
					rows.add(new Row(scenario, callers, variant.id(), cells.size(),
							median(cells, CellResult::requestsPerSecond),
							cells.stream().mapToDouble(CellResult::requestsPerSecond).min().orElse(Double.NaN),
							cells.stream().mapToDouble(CellResult::requestsPerSecond).max().orElse(Double.NaN),
							median(cells, CellResult::p50Us), median(cells, CellResult::p99Us),
							median(cells, CellResult::p999Us), median(cells, CellResult::clientCpuUsPerRequest),
							median(cells, CellResult::clientCpuPercent), median(cells, CellResult::serverCpuPercent),
							cells.stream().mapToLong(CellResult::acceptsCell).max().orElse(0),
							median(cells, (c) -> c.acceptsWindow()), cells.get(0).maxPerRoute(),
							cells.stream().mapToLong(CellResult::errors).sum(),
							median(cells, CellResult::serverDelayUsPerRequest),
							median(cells, CellResult::jitCpuUsPerRequest), median(cells, CellResult::gcCpuUsPerRequest)));
				}
			}
		}
		return rows;
	}

	private static double median(List<CellResult> cells, ToDoubleFunction<CellResult> value) {
		double[] values = cells.stream().mapToDouble(value).filter((v) -> !Double.isNaN(v)).sorted().toArray();
		if (values.length == 0) {
			return Double.NaN;
		}
		int middle = values.length / 2;
		return (values.length % 2 == 1) ? values[middle] : (values[middle - 1] + values[middle]) / 2;
	}

	// ---------------------------------------------------------------- targets

	static List<Target> targets(List<Row> rows, Options options) {
		List<Target> targets = new ArrayList<>();
		String delayed = "http-ping-10ms";
		Row starter10 = find(rows, delayed, 64, "starter");
		Row boot10 = find(rows, delayed, 64, "boot-hc5");
		String cell10 = "HTTP, 10 ms delay, 64 callers";
		if (starter10 != null) {
			int connections = Math.min(64, (starter10.maxPerRoute() > 0) ? starter10.maxPerRoute() : 64);
			double ideal = connections / 0.010;
			targets.add(target("starter >= 90 % of min(callers, max-per-route) / delay", cell10,
					rps(starter10.rps()) + " req/s (" + percent(starter10.rps() / ideal) + " of " + rps(ideal) + ")",
					">= " + rps(0.9 * ideal) + " req/s", starter10.rps() >= 0.9 * ideal));
		}
		else {
			targets.add(notRun("starter >= 90 % of min(callers, max-per-route) / delay", cell10));
		}
		targets.add(ratio("starter >= 8x Boot's default client (boot-hc5)", cell10, starter10, boot10, 8));

		String cell0 = "HTTP, 0 ms delay, 64 callers";
		Row starter0 = find(rows, "http-ping-0ms", 64, "starter");
		Row boot0 = find(rows, "http-ping-0ms", 64, "boot-hc5");
		Row bare0 = find(rows, "http-ping-0ms", 64, "starter-factory-hc5");
		targets.add(ratio("starter throughput >= boot-hc5", cell0, starter0, boot0, 1));
		if (starter0 != null && boot0 != null) {
			targets.add(target("starter p99 <= boot-hc5 p99", cell0,
					latency(starter0.p99Us()) + " vs " + latency(boot0.p99Us()), "<= " + latency(boot0.p99Us()),
					starter0.p99Us() <= boot0.p99Us()));
		}
		else {
			targets.add(notRun("starter p99 <= boot-hc5 p99", cell0));
		}
		if (starter0 != null && bare0 != null) {
			double ratio = starter0.cpuUsPerRequest() / bare0.cpuUsPerRequest();
			targets.add(target("starter client CPU/request <= 1.2x the starter's factory HttpClient 5", cell0,
					oneDecimal(starter0.cpuUsPerRequest()) + " vs " + oneDecimal(bare0.cpuUsPerRequest()) + " µs ("
							+ ratio(ratio, 1.2) + "x)",
					"<= 1.20x", ratio <= 1.2));
		}
		else {
			targets.add(notRun("starter client CPU/request <= 1.2x the starter's factory HttpClient 5", cell0));
		}
		for (String scheme : List.of("http", "https")) {
			double factor = scheme.equals("http") ? 4 : 30;
			String id = scheme + "-ping-0ms";
			List<Integer> callerCounts = rows.stream()
				.filter((r) -> r.scenario().id().equals(id))
				.map(Row::callers)
				.distinct()
				.sorted(Comparator.reverseOrder())
				.toList();
			if (callerCounts.isEmpty()) {
				targets.add(notRun("starter >= " + (int) factor + "x connection per request",
						scheme.toUpperCase() + ", 0 ms delay"));
			}
			for (int callers : callerCounts) {
				targets.add(ratio("starter >= " + (int) factor + "x connection per request",
						scheme.toUpperCase() + ", 0 ms delay, " + callers + " callers", find(rows, id, callers, "starter"),
						find(rows, id, callers, "conn-per-req"), factor));
			}
		}
		churnTargets(rows, targets);
		for (String variant : List.of("starter", "starter-factory-hc5", "restclient-hc5", "restclient-hc5-b", "hc5",
				"boot-hc5")) {
			// with churn the server closes connections, and the pool opens new ones
			List<Row> pooled = rows.stream()
				.filter((r) -> r.variant().equals(variant) && r.maxPerRoute() > 0 && !r.scenario().isChurn())
				.toList();
			if (pooled.isEmpty()) {
				if (variant.equals("starter")) {
					targets.add(notRun("server-accepted connections <= pool size (starter)", "every cell"));
				}
				continue;
			}
			Row worst = pooled.stream()
				.max(Comparator.comparingDouble((r) -> r.acceptsCellMax() - (double) r.maxPerRoute()))
				.orElseThrow();
			boolean met = pooled.stream().allMatch((r) -> r.acceptsCellMax() <= r.maxPerRoute());
			targets.add(target("server-accepted connections <= pool size (" + variant + ")",
					"every cell, every round (warm-up included)",
					"at most " + worst.acceptsCellMax() + " (" + worst.scenario().id() + ", " + worst.callers()
							+ " callers)",
					"<= " + worst.maxPerRoute() + " (max-per-route)", met));
		}
		return targets;
	}

	/**
	 * With connection churn, what the starter adds per new connection: the client CPU a new
	 * connection costs, (CPU per request with churn minus CPU per request without, at the
	 * same callers) times the requests per connection, within 1.1x of the starter's factory HttpClient 5
	 * over the same pool. The CPU per request itself also holds the RestClient layer, which
	 * is paid per request, connection or not.
	 */
	private static void churnTargets(List<Row> rows, List<Target> targets) {
		rows.stream().filter((r) -> r.scenario().isChurn() && r.variant().equals("starter")).forEach((starter) -> {
			Scenario scenario = starter.scenario();
			String cell = scenario.label() + ", " + starter.callers() + " callers";
			String name = "starter client CPU per new connection <= 1.1x the starter's factory HttpClient 5";
			double starterCost = connectionCost(rows, scenario, starter.callers(), "starter");
			double bareCost = connectionCost(rows, scenario, starter.callers(), "starter-factory-hc5");
			if (Double.isNaN(starterCost) || Double.isNaN(bareCost)) {
				targets.add(notRun(name, cell + " (and the same without churn)"));
				return;
			}
			double ratio = starterCost / bareCost;
			targets.add(target(name, cell, oneDecimal(starterCost) + " vs " + oneDecimal(bareCost) + " µs ("
					+ ratio(ratio, 1.1) + "x)", "<= 1.10x", ratio <= 1.1));
		});
	}

	private static double connectionCost(List<Row> rows, Scenario churn, int callers, String variant) {
		String keptAlive = churn.id().substring(0, churn.id().lastIndexOf("-churn"));
		Row withChurn = find(rows, churn.id(), callers, variant);
		Row without = find(rows, keptAlive, callers, variant);
		if (withChurn == null || without == null) {
			return Double.NaN;
		}
		return (withChurn.cpuUsPerRequest() - without.cpuUsPerRequest()) * churn.keepAliveRequests();
	}

	private static Target ratio(String name, String cell, Row subject, Row baseline, double factor) {
		if (subject == null || baseline == null) {
			return notRun(name, cell);
		}
		double ratio = subject.rps() / baseline.rps();
		return target(name, cell, rps(subject.rps()) + " vs " + rps(baseline.rps()) + " req/s ("
				+ ratio(ratio, factor) + "x)", ">= " + twoDecimals(factor) + "x", ratio >= factor);
	}

	private static Target target(String name, String cell, String measured, String threshold, boolean met) {
		return new Target(name, cell, measured, threshold, met ? "met" : "NOT met");
	}

	private static Target notRun(String name, String cell) {
		return new Target(name, cell, "-", "-", "not run");
	}

	static Row find(List<Row> rows, String scenario, int callers, String variant) {
		return rows.stream()
			.filter((r) -> r.scenario().id().equals(scenario) && r.callers() == callers && r.variant().equals(variant))
			.findFirst()
			.orElse(null);
	}

	// ---------------------------------------------------------------- Markdown

	private static final String[] HEADER = { "callers", "variant", "req/s (median)", "req/s range", "x boot-hc5",
			"p50", "p99", "p99.9", "client µs CPU/req", "of which JIT", "of which GC", "client CPU %", "server CPU %", "conns accepted (max/cell)",
			"conns in window", "errors" };

	static List<String[]> tableRows(List<Row> rows, Scenario scenario) {
		List<String[]> table = new ArrayList<>();
		for (Row row : rows) {
			if (!row.scenario().equals(scenario)) {
				continue;
			}
			Row boot = find(rows, scenario.id(), row.callers(), "boot-hc5");
			table.add(new String[] { Integer.toString(row.callers()), row.variant(), rps(row.rps()),
					rps(row.rpsMin()) + "–" + rps(row.rpsMax()),
					(boot != null) ? twoDecimals(row.rps() / boot.rps()) : "", latency(row.p50Us()),
					latency(row.p99Us()), latency(row.p999Us()), oneDecimal(row.cpuUsPerRequest()),
					oneDecimal(row.jitUsPerRequest()), oneDecimal(row.gcUsPerRequest()), integer(row.clientCpuPercent()), integer(row.serverCpuPercent()),
					row.acceptsCellMax() + ((row.maxPerRoute() > 0) ? " (pool " + row.maxPerRoute() + ")" : ""),
					integer(row.acceptsWindow()), Long.toString(row.errors()) });
		}
		return table;
	}

	static String markdownTables(Options options, List<Row> rows) {
		StringBuilder md = new StringBuilder();
		for (Scenario scenario : options.scenarios) {
			List<String[]> table = tableRows(rows, scenario);
			if (table.isEmpty()) {
				continue;
			}
			md.append("#### ").append(scenario.label()).append(" (`").append(scenario.id()).append("`)\n\n");
			md.append("| ").append(String.join(" | ", HEADER)).append(" |\n");
			md.append("|").append("---|".repeat(HEADER.length)).append('\n');
			for (String[] cells : table) {
				md.append("| ").append(String.join(" | ", cells)).append(" |\n");
			}
			md.append('\n');
		}
		return md.toString();
	}

	static String markdownTargets(List<Target> targets) {
		StringBuilder md = new StringBuilder();
		md.append("| target | cell | measured (medians) | threshold | verdict |\n|---|---|---|---|---|\n");
		for (Target target : targets) {
			md.append("| ")
				.append(String.join(" | ", target.name(), target.cell(), target.measured(), target.threshold(),
						target.met() ? "met" : "**" + target.verdict() + "**"))
				.append(" |\n");
		}
		return md.toString();
	}

	private static String markdown(Options options, List<Row> rows, List<Target> targets, Map<String, String> meta) {
		StringBuilder md = new StringBuilder();
		md.append("# Keep-Alive benchmark results\n\n");
		meta.forEach((key, value) -> md.append("- ").append(key).append(": ").append(value).append('\n'));
		md.append("\nVariants:\n\n");
		for (Variant variant : options.variants) {
			md.append("- `").append(variant.id()).append("`: ").append(variant.description()).append('\n');
		}
		md.append("""

				Closed loop: each caller thread sends its next request when the last one is answered. Medians of \
				the rounds; "req/s range" is the lowest and highest round. Latencies are per request as the caller \
				sees it (HdrHistogram). "client µs CPU/req" is the client JVM's process CPU time in the window \
				divided by the requests (GC and JIT included); CPU % is of one core. "conns accepted" is the most TCP \
				connections the server accepted in one round's cell, from the client's creation (warm-up included); \
				"conns in window" only inside the measurement window. Client and server share the machine's cores: \
				compare ratios within a row group rather than absolute numbers.

				""");
		if (options.slices > 1) {
			md.append("Sliced cells: every variant's client is opened and warmed up, then the variants take turns "
					+ "in " + options.slices + " slices of the window, each after " + Options.SLICE_SETTLE.toMillis()
					+ " ms of unmeasured load, so that "
					+ "the machine's slower and faster seconds fall on all of them; a variant's figures add up its "
					+ "slices, and its \"conns accepted\" counts only what the server accepted while that client was "
					+ "the one loaded.\n\n");
		}
		if (options.forks > 1) {
			md.append("Forks: the client JVMs were started " + options.forks + " times, each generation warmed up "
					+ "again for its share of the rounds, so that a variant's rounds come from " + options.forks
					+ " JVMs, each compiled by the JIT in its own way, not from one.\n\n");
		}
		md.append("## Results\n\n").append(markdownTables(options, rows));
		md.append("## Targets\n\n").append(markdownTargets(targets)).append('\n');
		return md.toString();
	}

	// ---------------------------------------------------------------- chart

	private record Metric(String title, String unit, boolean log, ToDoubleFunction<Row> value) {

	}

	static String svg(Options options, List<Row> rows) {
		List<Metric> metrics = List.of(new Metric("throughput", "req/s", false, Row::rps),
				new Metric("p99", "ms", true, (r) -> r.p99Us() / 1000),
				new Metric("client CPU/request", "µs", true, Row::cpuUsPerRequest));
		List<Scenario> scenarios = options.scenarios.stream()
			.filter((s) -> rows.stream().anyMatch((r) -> r.scenario().equals(s)))
			.toList();
		List<String> variants = options.variants.stream().map(Variant::id).toList();
		int panelWidth = 330;
		int panelHeight = 210;
		int left = 60;
		int top = 60;
		int width = left + scenarios.size() * (panelWidth + 20) + 10;
		int height = top + metrics.size() * (panelHeight + 40) + 20;
		StringBuilder svg = new StringBuilder();
		svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"")
			.append(height).append("\" viewBox=\"0 0 ").append(width).append(' ').append(height)
			.append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
		svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
		svg.append("<text x=\"10\" y=\"20\" font-size=\"15\" font-weight=\"bold\">Keep-Alive benchmark: medians of ")
			.append(options.rounds)
			.append(" rounds</text>\n");
		int legendX = 10;
		for (String variant : variants) {
			svg.append("<rect x=\"").append(legendX).append("\" y=\"32\" width=\"12\" height=\"12\" fill=\"")
				.append(COLORS.getOrDefault(variant, "#868e96")).append("\"/>");
			svg.append("<text x=\"").append(legendX + 16).append("\" y=\"42\">").append(variant).append("</text>\n");
			legendX += 30 + variant.length() * 7;
		}
		for (int m = 0; m < metrics.size(); m++) {
			Metric metric = metrics.get(m);
			for (int s = 0; s < scenarios.size(); s++) {
				Scenario scenario = scenarios.get(s);
				int x0 = left + s * (panelWidth + 20);
				int y0 = top + m * (panelHeight + 40) + 20;
				List<Row> panelRows = rows.stream().filter((r) -> r.scenario().equals(scenario)).toList();
				List<Integer> callerCounts = panelRows.stream().map(Row::callers).distinct().toList();
				double[] values = panelRows.stream()
					.mapToDouble(metric.value())
					.filter((v) -> !Double.isNaN(v) && v > 0)
					.toArray();
				Axis axis = metric.log() ? Axis.log(values) : Axis.linear(values);
				svg.append("<text x=\"").append(x0).append("\" y=\"").append(y0 - 6).append("\" font-weight=\"bold\">")
					.append(escape(metric.title() + " (" + metric.unit() + (metric.log() ? ", log" : "") + "), "
							+ scenario.id()))
					.append("</text>\n");
				for (double value : axis.ticks()) {
					double y = y0 + panelHeight - panelHeight * axis.fraction(value);
					svg.append(String.format(Locale.ROOT,
							"<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#dee2e6\"/>"
									+ "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\" fill=\"#495057\">%s</text>\n",
							x0, y, x0 + panelWidth, y, x0 - 4, y + 4, axisLabel(value)));
				}
				int groups = callerCounts.size();
				double groupWidth = panelWidth / (double) Math.max(groups, 1);
				double barWidth = (groupWidth - 14) / variants.size();
				for (int g = 0; g < groups; g++) {
					int callers = callerCounts.get(g);
					double gx = x0 + g * groupWidth + 7;
					for (int v = 0; v < variants.size(); v++) {
						Row row = find(panelRows, scenario.id(), callers, variants.get(v));
						if (row == null) {
							continue;
						}
						double value = metric.value().applyAsDouble(row);
						if (Double.isNaN(value)) {
							continue;
						}
						double h = panelHeight * axis.fraction(value);
						svg.append(String.format(Locale.ROOT,
								"<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"><title>%s</title></rect>\n",
								gx + v * barWidth, y0 + panelHeight - h, Math.max(barWidth - 1, 1), h,
								COLORS.getOrDefault(variants.get(v), "#868e96"),
								escape(variants.get(v) + ", " + callers + " callers: " + axisLabel(value) + " "
										+ metric.unit())));
					}
					svg.append(String.format(Locale.ROOT,
							"<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\" fill=\"#495057\">%d callers</text>\n",
							gx + (groupWidth - 14) / 2, y0 + panelHeight + 14, callers));
				}
				svg.append(String.format(Locale.ROOT,
						"<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"#495057\"/>\n", x0, y0 + panelHeight,
						x0 + panelWidth, y0 + panelHeight));
			}
		}
		svg.append("</svg>\n");
		return svg.toString();
	}

	/**
	 * A panel's value axis: linear from 0 with four nice steps, or logarithmic by decades.
	 */
	private record Axis(double min, double max, boolean log, List<Double> ticks) {

		static Axis linear(double[] values) {
			double max = Arrays.stream(values).max().orElse(1);
			double magnitude = Math.pow(10, Math.floor(Math.log10(max / 4)));
			double step = 10 * magnitude;
			for (double candidate : new double[] { 1, 2, 2.5, 5, 10 }) {
				if (candidate * magnitude * 4 >= max) {
					step = candidate * magnitude;
					break;
				}
			}
			List<Double> ticks = new ArrayList<>();
			for (int i = 0; i <= 4; i++) {
				ticks.add(step * i);
			}
			return new Axis(0, step * 4, false, ticks);
		}

		static Axis log(double[] values) {
			double smallest = Arrays.stream(values).min().orElse(1);
			double min = Math.pow(10, Math.floor(Math.log10(smallest)));
			if (smallest / min < 1.5) {
				min /= 10; // keep the smallest bar visible
			}
			double max = Math.pow(10, Math.ceil(Math.log10(Arrays.stream(values).max().orElse(10))));
			if (max <= min) {
				max = min * 10;
			}
			List<Double> ticks = new ArrayList<>();
			for (double tick = min; tick <= max * 1.0001; tick *= 10) {
				ticks.add(tick);
			}
			return new Axis(min, max, true, ticks);
		}

		/** Where a value sits between the bottom (0) and the top (1) of the panel. */
		double fraction(double value) {
			double fraction = this.log ? (Math.log(value) - Math.log(this.min)) / (Math.log(this.max) - Math.log(this.min))
					: value / this.max;
			return Math.max(0, Math.min(1, fraction));
		}

	}

	static String color(String variant) {
		return COLORS.getOrDefault(variant, "#868e96");
	}

	static String axisLabel(double value) {
		if (value >= 1000) {
			return trim(String.format(Locale.ROOT, "%.1f", value / 1000)) + "k";
		}
		if (value >= 1 || value == 0) {
			return trim(String.format(Locale.ROOT, "%.1f", value));
		}
		return trim(String.format(Locale.ROOT, "%.3f", value));
	}

	private static String trim(String number) {
		return number.contains(".") ? number.replaceAll("0+$", "").replaceAll("\\.$", "") : number;
	}

	// ---------------------------------------------------------------- HTML

	private static String html(Options options, List<Row> rows, List<Target> targets, Map<String, String> meta,
			String chart) {
		StringBuilder html = new StringBuilder();
		html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
			.append("<title>Keep-Alive benchmark results</title><style>")
			.append("body{font-family:sans-serif;margin:24px;color:#212529}table{border-collapse:collapse;margin:8px 0 24px}")
			.append("td,th{border:1px solid #dee2e6;padding:3px 8px;text-align:right;font-size:13px}")
			.append("th{background:#f1f3f5}td:nth-child(2),td:first-child{text-align:left}.bad{color:#c92a2a;font-weight:bold}")
			.append("</style></head><body>\n<h1>Keep-Alive benchmark results</h1>\n<ul>\n");
		meta.forEach((key, value) -> html.append("<li>").append(escape(key)).append(": ").append(escape(value))
			.append("</li>\n"));
		html.append("</ul>\n<ul>\n");
		for (Variant variant : options.variants) {
			html.append("<li><code>").append(variant.id()).append("</code>: ").append(escape(variant.description()))
				.append("</li>\n");
		}
		html.append("</ul>\n").append(chart).append("<h2>Targets</h2>\n<table><tr>");
		for (String head : List.of("target", "cell", "measured (medians)", "threshold", "verdict")) {
			html.append("<th>").append(head).append("</th>");
		}
		html.append("</tr>\n");
		for (Target target : targets) {
			html.append("<tr><td style=\"text-align:left\">").append(escape(target.name())).append("</td><td style=\"text-align:left\">")
				.append(escape(target.cell())).append("</td><td>").append(escape(target.measured())).append("</td><td>")
				.append(escape(target.threshold())).append("</td><td class=\"").append(target.met() ? "" : "bad")
				.append("\">").append(escape(target.verdict())).append("</td></tr>\n");
		}
		html.append("</table>\n<h2>Results</h2>\n");
		for (Scenario scenario : options.scenarios) {
			List<String[]> table = tableRows(rows, scenario);
			if (table.isEmpty()) {
				continue;
			}
			html.append("<h3>").append(escape(scenario.label())).append(" (").append(scenario.id())
				.append(")</h3>\n<table><tr>");
			for (String head : HEADER) {
				html.append("<th>").append(escape(head)).append("</th>");
			}
			html.append("</tr>\n");
			for (String[] cells : table) {
				html.append("<tr>");
				for (String cell : cells) {
					html.append("<td>").append(escape(cell)).append("</td>");
				}
				html.append("</tr>\n");
			}
			html.append("</table>\n");
		}
		html.append("</body></html>\n");
		return html.toString();
	}

	static String escape(String text) {
		return Objects.toString(text, "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
			.replace("\"", "&quot;");
	}

	// ---------------------------------------------------------------- formats

	static String latency(double us) {
		if (Double.isNaN(us)) {
			return "n/a";
		}
		if (us < 1000) {
			return String.format(Locale.ROOT, "%.0fµs", us);
		}
		return String.format(Locale.ROOT, "%.2fms", us / 1000);
	}

	static String rps(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%,.0f", value);
	}

	private static String integer(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.0f", value);
	}

	private static String oneDecimal(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.1f", value);
	}

	private static String twoDecimals(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
	}

	/** Two decimals, or three where two would hide which side of the threshold it is. */
	private static String ratio(double ratio, double threshold) {
		String two = twoDecimals(ratio);
		return (Double.parseDouble(two) == threshold && ratio != threshold)
				? String.format(Locale.ROOT, "%.3f", ratio) : two;
	}

	private static String percent(double ratio) {
		return String.format(Locale.ROOT, "%.0f %%", ratio * 100);
	}

}
