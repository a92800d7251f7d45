package io.github.keepalive.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;

import io.github.keepalive.benchmarks.CellResult.Tick;
import io.github.keepalive.benchmarks.client.Variant;

/**
 * The chart of the adaptive limit over time ({@code timeline.svg}): per scenario, the
 * limit of each adaptive cell and the throughput and mean latency of every variant, from
 * the cells' timelines.
 */
final class TimelineChart {

	private TimelineChart() {
	}

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
				.anyMatch((r) -> r.scenario().equals(s.id()) && AdaptiveReport.isAdaptive(r.variant()) && !r.timeline().isEmpty()))
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
				if (AdaptiveReport.isAdaptive(cell.variant()) && !cell.timeline().isEmpty()) {
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
