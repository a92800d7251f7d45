package io.github.keepalive.sample;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Keeps {@code grafana/keepalive-dashboard.json} in step with the meters: every metric
 * and label its queries use must be in a real {@code /actuator/prometheus} scrape of the
 * sample app after a demo run.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.requests=40", "demo.concurrency=2" })
@AutoConfigureRestTestClient
class GrafanaDashboardTests {

	/** Tests run in the module's directory; the dashboard is at the repository's root. */
	private static final Path DASHBOARD = Path.of("..", "grafana", "keepalive-dashboard.json");

	private static final Pattern SELECTOR = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*\\{([^}]*)}");

	private static final Pattern MATCHER_LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)\\s*(?:=~|!~|!=|=)");

	private static final Pattern GROUPING = Pattern
		.compile("\\b(?:by|without|on|ignoring|group_left|group_right)\\s*\\(([^)]*)\\)");

	private static final Pattern IDENTIFIER = Pattern.compile("(?<![\\w.:$])([a-zA-Z_:][a-zA-Z0-9_:]*)(\\s*\\()?");

	private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "bool", "offset");

	private static final Pattern LABEL_VALUES = Pattern
		.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)");

	@Autowired
	private RestTestClient client;

	@Test
	void everyMetricAndLabelTheDashboardQueriesIsInTheScrape() throws IOException {
		Map<String, Set<String>> scrape = scrapeAfterDemo();
		List<String> queries = JsonPath.read(Files.readString(DASHBOARD), "$..targets[*].expr");
		assertThat(queries).hasSizeGreaterThan(10);
		Set<String> metrics = new TreeSet<>();
		for (String query : queries) {
			Query parsed = Query.parse(query);
			assertThat(parsed.metrics()).as("metrics of %s", query).isNotEmpty();
			Set<String> unknownMetrics = new TreeSet<>(parsed.metrics());
			unknownMetrics.removeAll(scrape.keySet());
			assertThat(unknownMetrics).as("metrics of %s missing from the scrape", query).isEmpty();
			Set<String> unknownLabels = new TreeSet<>(parsed.labels());
			parsed.metrics().forEach((metric) -> unknownLabels.removeAll(scrape.get(metric)));
			assertThat(unknownLabels).as("labels of %s missing from its metrics in the scrape", query).isEmpty();
			metrics.addAll(parsed.metrics());
		}
		// Every series of every keepalive.* meter has a panel
		Set<String> withoutPanel = new TreeSet<>(scrape.keySet());
		withoutPanel.removeIf((metric) -> !metric.startsWith("keepalive_") || metrics.contains(metric));
		assertThat(withoutPanel).as("keepalive metrics without a panel").isEmpty();
	}

	@Test
	void clientVariableListsBothClients() throws IOException {
		List<String> definitions = JsonPath.read(Files.readString(DASHBOARD),
				"$.templating.list[?(@.name == 'client')].definition");
		assertThat(definitions).hasSize(1);
		Matcher labelValues = LABEL_VALUES.matcher(definitions.get(0));
		assertThat(labelValues.matches()).as(definitions.get(0)).isTrue();
		String scrape = prometheus();
		for (String client : List.of("default", "per-request")) {
			assertThat(scrape).contains(labelValues.group(1) + "{" + labelValues.group(2) + "=\"" + client + "\"}");
		}
	}

	@Test
	void datasourceIsAnImportInput() throws IOException {
		String dashboard = Files.readString(DASHBOARD);
		List<String> inputs = JsonPath.read(dashboard, "$.__inputs[*].name");
		assertThat(inputs).containsExactly("DS_PROMETHEUS");
		List<String> datasources = JsonPath.read(dashboard, "$..datasource.uid");
		assertThat(datasources).isNotEmpty().allMatch((uid) -> uid.equals("${DS_PROMETHEUS}") || uid.startsWith("--"));
	}

	/**
	 * Metric names and, for each, the label names its series carry.
	 */
	private Map<String, Set<String>> scrapeAfterDemo() {
		SampleEndpoints.demo(this.client);
		Map<String, Set<String>> metrics = new HashMap<>();
		for (String line : prometheus().split("\n")) {
			if (line.isBlank() || line.startsWith("#")) {
				continue;
			}
			Matcher name = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(line);
			assertThat(name.find()).as(line).isTrue();
			Set<String> labels = metrics.computeIfAbsent(name.group(1), (key) -> new TreeSet<>());
			Matcher label = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"").matcher(line);
			while (label.find()) {
				labels.add(label.group(1));
			}
		}
		return metrics;
	}

	private String prometheus() {
		return SampleEndpoints.prometheus(this.client);
	}

	/**
	 * The metric and label names of a PromQL query. Enough PromQL for a dashboard:
	 * selectors, functions, aggregations with {@code by}/{@code without}, binary
	 * operators and numbers.
	 */
	private record Query(Set<String> metrics, Set<String> labels) {

		static Query parse(String query) {
			Set<String> metrics = new LinkedHashSet<>();
			Set<String> labels = new LinkedHashSet<>();
			// Strings ("$client") and ranges ([$__rate_interval]) name no metric or label
			String rest = query.replaceAll("\"[^\"]*\"", "\"\"").replaceAll("\\[[^]]*]", "");
			Matcher grouping = GROUPING.matcher(rest);
			while (grouping.find()) {
				for (String label : grouping.group(1).split(",")) {
					if (!label.isBlank()) {
						labels.add(label.strip());
					}
				}
			}
			rest = grouping.replaceAll(" ");
			Matcher selector = SELECTOR.matcher(rest);
			while (selector.find()) {
				Matcher matcher = MATCHER_LABEL.matcher(selector.group(2));
				while (matcher.find()) {
					labels.add(matcher.group(1));
				}
			}
			rest = selector.replaceAll("$1 ");
			Matcher identifier = IDENTIFIER.matcher(rest);
			while (identifier.find()) {
				// Followed by "(": a function or an aggregation
				if (identifier.group(2) == null && !KEYWORDS.contains(identifier.group(1))) {
					metrics.add(identifier.group(1));
				}
			}
			return new Query(metrics, labels);
		}

	}

}
