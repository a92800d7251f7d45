package io.github.keepalive.sample;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.keepalive.sample.DemoReport.ClientRun;
import org.junit.jupiter.api.Test;

import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The packaged sample app, AOT-processed at build time ({@code spring-boot:process-aot}),
 * started as a user would in AOT mode,
 * {@code java -Dspring.aot.enabled=true -jar keepalive-sample-app.jar}, on free loopback
 * ports: every named client is there and {@code /demo} answers with all four runs. Runs
 * after {@code package} (failsafe), against the jar itself.
 */
class AotSampleApplicationIT {

	private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

	/** The start-up demo's last line, once the app serves requests and has run the demo. */
	private static final Pattern READY = Pattern.compile("Run it again: curl (http://127\\.0\\.0\\.1:\\d+)/demo");

	private static final String AOT_INITIALIZER = "BOOT-INF/classes/io/github/keepalive/sample/"
			+ "SampleApplication__ApplicationContextInitializer.class";

	@Test
	void aotProcessedJarStartsInAotModeAndServesTheDemo() throws Exception {
		Path jar = Path.of(System.getProperty("sample.jar", "target/keepalive-sample-app.jar"));
		assertThat(jar).isRegularFile();
		try (JarFile jarFile = new JarFile(jar.toFile())) {
			assertThat(jarFile.getEntry(AOT_INITIALIZER)).as("the AOT-generated initializer in the jar").isNotNull();
		}
		Path java = Path.of(System.getProperty("java.home"), "bin", "java");
		Process process = new ProcessBuilder(java.toString(), "-Dspring.aot.enabled=true", "-jar", jar.toString(),
				"--server.address=127.0.0.1", "--server.port=0", "--demo.https-port=0")
			.redirectErrorStream(true)
			.start();
		ProcessLog log = ProcessLog.follow(process);
		try {
			String baseUrl = log.await(READY, START_TIMEOUT);
			assertThat(log.lines()).anyMatch((line) -> line.contains("Starting AOT-processed SampleApplication"));
			DemoReport report = SampleEndpoints.demo(RestTestClient.bindToServer().baseUrl(baseUrl).build());
			assertRun(report.http().keepAlive(), "default", "http://");
			assertRun(report.http().perRequest(), KeepAliveDemo.PER_REQUEST_CLIENT, "http://");
			assertRun(report.https().keepAlive(), KeepAliveDemo.HTTPS_KEEP_ALIVE_CLIENT, "https://");
			assertRun(report.https().perRequest(), KeepAliveDemo.HTTPS_PER_REQUEST_CLIENT, "https://");
			// a new connection per request there, pooled connections here
			assertThat(report.http().perRequest().connections()).isEqualTo(report.http().perRequest().requests());
			assertThat(report.https().keepAlive().connections())
				.isLessThanOrEqualTo(report.https().keepAlive().concurrency());
		}
		finally {
			stop(process);
		}
	}

	private static void assertRun(ClientRun run, String client, String scheme) {
		assertThat(run.client()).isEqualTo(client);
		assertThat(run.url()).startsWith(scheme + "127.0.0.1:");
		assertThat(run.requests()).isPositive();
		assertThat(run.meters().requests()).isEqualTo(run.requests());
		assertThat(run.metersMatchServer()).as("meters of client '%s' match the server", client).isTrue();
	}

	private static void stop(Process process) throws InterruptedException {
		process.destroy();
		if (!process.waitFor(30, TimeUnit.SECONDS)) {
			process.destroyForcibly();
			process.waitFor(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * The lines a process prints, read as they come on a thread of their own (so that the
	 * process never blocks on a full pipe).
	 */
	private static final class ProcessLog {

		private final List<String> lines = new CopyOnWriteArrayList<>();

		private final Process process;

		private ProcessLog(Process process) {
			this.process = process;
		}

		static ProcessLog follow(Process process) {
			ProcessLog log = new ProcessLog(process);
			Thread reader = new Thread(log::read, "sample-app-log");
			reader.setDaemon(true);
			reader.start();
			return log;
		}

		private void read() {
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(this.process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = reader.readLine()) != null) {
					this.lines.add(line);
				}
			}
			catch (IOException ex) {
				// the process ended
			}
		}

		/**
		 * Waits for a line that matches, while the process runs.
		 * @return the pattern's first group
		 */
		String await(Pattern pattern, Duration timeout) throws InterruptedException {
			long deadline = System.nanoTime() + timeout.toNanos();
			int checked = 0;
			while (System.nanoTime() < deadline) {
				List<String> seen = List.copyOf(this.lines);
				for (; checked < seen.size(); checked++) {
					Matcher matcher = pattern.matcher(seen.get(checked));
					if (matcher.find()) {
						return matcher.group(1);
					}
				}
				if (!this.process.isAlive() && checked == this.lines.size()) {
					throw new AssertionError("The sample app exited (" + this.process.exitValue() + "):\n" + text());
				}
				Thread.sleep(100);
			}
			throw new AssertionError("No line matching '" + pattern + "' within " + timeout + ":\n" + text());
		}

		List<String> lines() {
			return List.copyOf(this.lines);
		}

		private String text() {
			return String.join("\n", this.lines);
		}

	}

}
