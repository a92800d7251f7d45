package io.github.keepalive.benchmarks;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs the real comparison (server process, client JVM, report) for about two seconds
 * with the starter variant only. The full comparison is not part of the test run.
 */
class BenchmarkSmokeTests {

	@Test
	@Timeout(180)
	void starterVariantProducesATableWithinItsPool() throws Exception {
		Path out = Path.of("target", "smoke-results");
		Report report = Compare.run("--variants", "starter", "--scenarios", "http:ping:0", "--callers", "4",
				"--rounds", "1", "--warmup", "500ms", "--measure", "1500ms", "--jit-warmup", "0", "--out",
				out.toString());

		String markdown = Files.readString(report.markdown());
		List<String> starterRows = markdown.lines().filter((line) -> line.startsWith("| 4 | starter |")).toList();
		assertThat(starterRows).hasSize(1);
		String[] cells = starterRows.get(0).split("\\|");
		double requestsPerSecond = Double.parseDouble(cells[3].trim().replace(",", ""));
		assertThat(requestsPerSecond).isGreaterThan(0);
		assertThat(Files.readString(report.svg())).startsWith("<svg");
		assertThat(Files.readString(report.html())).contains("<svg");

		Report.Row row = Report.find(report.rows(), "http-ping-0ms", 4, "starter");
		assertThat(row).isNotNull();
		assertThat(row.rps()).isGreaterThan(0);
		assertThat(row.errors()).isZero();
		assertThat(row.maxPerRoute()).isEqualTo(50);
		assertThat(row.acceptsCellMax()).isBetween(1L, (long) row.maxPerRoute());
		assertThat(report.targets()).anySatisfy((target) -> {
			assertThat(target.name()).isEqualTo("server-accepted connections <= pool size (starter)");
			assertThat(target.verdict()).isEqualTo("met");
		});
	}

	@Test
	@Timeout(180)
	void slicedCellsCountEachVariantsOwnRequestsAndConnections() throws Exception {
		Path out = Path.of("target", "smoke-results-sliced");
		Report report = Compare.run("--variants", "starter,hc5", "--scenarios", "http:ping:0", "--callers", "4",
				"--rounds", "1", "--warmup", "300ms", "--measure", "1200ms", "--slices", "4", "--jit-warmup", "0",
				"--out", out.toString());

		assertThat(Files.readString(report.markdown())).contains("1.2 s measured per cell in 4 slices");
		for (String variant : List.of("starter", "hc5")) {
			Report.Row row = Report.find(report.rows(), "http-ping-0ms", 4, variant);
			assertThat(row).as(variant).isNotNull();
			assertThat(row.rps()).as(variant).isGreaterThan(0);
			assertThat(row.errors()).as(variant).isZero();
			// both clients are open across the cell: each counts only what the server
			// accepted while it was the one loaded, at most its 4 callers' connections
			assertThat(row.acceptsCellMax()).as(variant).isBetween(1L, 4L);
		}
	}

	@Test
	@Timeout(180)
	void forksStartEachVariantsJvmAgainForTheirShareOfTheRounds() throws Exception {
		Path out = Path.of("target", "smoke-results-forks");
		Report report = Compare.run("--variants", "hc5", "--scenarios", "http:ping:0", "--callers", "2", "--rounds",
				"3", "--forks", "2", "--warmup", "200ms", "--measure", "300ms", "--jit-warmup", "0", "--out",
				out.toString());

		assertThat(Files.readString(report.markdown())).contains("the client JVMs started 2 times (forks)");
		Report.Row row = Report.find(report.rows(), "http-ping-0ms", 2, "hc5");
		assertThat(row).isNotNull();
		assertThat(row.rounds()).isEqualTo(3);
		assertThat(row.errors()).isZero();
		String jvms = Files.readAllLines(out.resolve("meta.tsv"))
			.stream()
			.filter((line) -> line.startsWith("client JVMs\t"))
			.findFirst()
			.orElseThrow();
		Matcher pids = Pattern.compile("(\\d): \\[hc5 (\\d+)]").matcher(jvms);
		List<String> generations = new ArrayList<>();
		List<String> processes = new ArrayList<>();
		while (pids.find()) {
			generations.add(pids.group(1));
			processes.add(pids.group(2));
		}
		// two generations of the one variant, each its own process
		assertThat(generations).containsExactly("1", "2");
		assertThat(processes).doesNotHaveDuplicates();
	}

}
