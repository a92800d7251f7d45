package io.github.keepalive.benchmarks.startup;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * What the starter costs at start-up: the same application started in fresh JVMs with
 * the starter and with {@code keepalive.enabled=false}, interleaved, medians of several
 * rounds. Each JVM reports the wall time of {@code SpringApplication.run} and the
 * process's CPU time once the context is ready.
 * <p>
 * {@code ./mvnw -q -f benchmarks/pom.xml -DskipTests package exec:exec@startup}
 * ({@code -Dstartup.args="--rounds 11 --named-clients 10"}).
 */
public final class StartupCost {

	private StartupCost() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		if (options.containsKey("child")) {
			child(Boolean.parseBoolean(options.get("child")), Integer.parseInt(options.get("named-clients")));
			return;
		}
		int rounds = Integer.parseInt(options.getOrDefault("rounds", "9"));
		int namedClients = Integer.parseInt(options.getOrDefault("named-clients", "5"));
		Map<Boolean, List<double[]>> results = new HashMap<>();
		for (int round = 0; round < rounds; round++) {
			// alternate which variant goes first, so that neither always meets a warmer disk cache
			boolean first = round % 2 == 0;
			for (boolean enabled : new boolean[] { first, !first }) {
				results.computeIfAbsent(enabled, (key) -> new ArrayList<>()).add(run(enabled, namedClients));
			}
		}
		double[] on = medians(results.get(true));
		double[] off = medians(results.get(false));
		System.out.printf(Locale.ROOT, "%d rounds, %d named clients, medians:%n", rounds, namedClients);
		System.out.printf(Locale.ROOT, "| | run() wall ms | process CPU ms at ready |%n|---|---|---|%n");
		System.out.printf(Locale.ROOT, "| keepalive.enabled=false | %.0f | %.0f |%n", off[0], off[1]);
		System.out.printf(Locale.ROOT, "| starter | %.0f | %.0f |%n", on[0], on[1]);
		System.out.printf(Locale.ROOT, "| starter's cost | %+.0f | %+.0f |%n", on[0] - off[0], on[1] - off[1]);
	}

	private static double[] run(boolean enabled, int namedClients) throws IOException, InterruptedException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process process = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
				StartupCost.class.getName(), "--child", String.valueOf(enabled), "--named-clients",
				String.valueOf(namedClients))
			.redirectError(ProcessBuilder.Redirect.DISCARD)
			.start();
		String result = null;
		try (BufferedReader reader = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = reader.readLine(); line != null; line = reader.readLine()) {
				if (line.startsWith("startup ")) {
					result = line;
				}
			}
		}
		if (process.waitFor() != 0 || result == null) {
			throw new IllegalStateException("Child JVM failed (keepalive.enabled=" + enabled + ")");
		}
		String[] parts = result.split(" ");
		return new double[] { Double.parseDouble(parts[1]), Double.parseDouble(parts[2]) };
	}

	private static void child(boolean enabled, int namedClients) {
		List<String> properties = new ArrayList<>(List.of("--keepalive.enabled=" + enabled,
				"--keepalive.base-url=http://127.0.0.1:9", "--spring.main.banner-mode=off",
				"--logging.level.root=warn"));
		for (int i = 0; i < namedClients; i++) {
			properties.add("--keepalive.clients.client" + i + ".base-url=http://127.0.0.1:9");
		}
		long start = System.nanoTime();
		SpringApplication application = new SpringApplication(StartupApplication.class);
		application.setWebApplicationType(WebApplicationType.NONE);
		try (ConfigurableApplicationContext context = application.run(properties.toArray(String[]::new))) {
			context.getBean(RestClient.Builder.class);
			double wallMs = (System.nanoTime() - start) / 1e6;
			double cpuMs = ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
				.getProcessCpuTime() / 1e6;
			System.out.printf(Locale.ROOT, "startup %.1f %.1f%n", wallMs, cpuMs);
		}
	}

	private static double[] medians(List<double[]> samples) {
		double[] medians = new double[2];
		for (int i = 0; i < medians.length; i++) {
			List<Double> values = new ArrayList<>();
			for (double[] sample : samples) {
				values.add(sample[i]);
			}
			Collections.sort(values);
			medians[i] = values.get(values.size() / 2);
		}
		return medians;
	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new HashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
		}
		return options;
	}

	/**
	 * The application: auto-configuration only, as a service calling other services would
	 * start without its own beans.
	 */
	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class StartupApplication {

	}

}
