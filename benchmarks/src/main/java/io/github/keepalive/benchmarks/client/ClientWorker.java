package io.github.keepalive.benchmarks.client;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.keepalive.benchmarks.CellResult;
import io.github.keepalive.benchmarks.server.ServerStats;

/**
 * The client process of one variant. It stays up for the whole comparison (so every cell
 * runs on a warm JIT) and runs the cells the orchestrator sends on standard input, one at
 * a time, each with a client built fresh for it:
 *
 * <pre>
 * RUN round=1 scenario=http-ping-0ms url=http://127.0.0.1:1234/ping measureUrl=http://127.0.0.1:1234/ping bodySize=200 callers=16 warmupMs=2000 measureMs=4000 stats=java:127.0.0.1:1235
 * </pre>
 *
 * It answers {@code @@RESULT <CellResult line>} or {@code @@ERROR <message>} on standard
 * output; everything else it prints goes to standard error. It exits on {@code QUIT}, when
 * its standard input closes, or when a cell overruns by two minutes.
 */
public final class ClientWorker {

	private ClientWorker() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new HashMap<>();
		Map<String, String> starterProperties = new LinkedHashMap<>();
		for (int i = 0; i + 1 < args.length; i += 2) {
			if (args[i].equals("--starter-property")) {
				String[] pair = args[i + 1].split("=", 2);
				starterProperties.put(pair[0], (pair.length > 1) ? pair[1] : "");
			}
			else {
				options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
			}
		}
		Variant variant = Variant.of(options.get("variant"));
		Path certificate = Path.of(options.get("certificate"));
		PrintStream protocol = new PrintStream(new FileOutputStream(FileDescriptor.out), true,
				StandardCharsets.UTF_8);
		System.setOut(System.err);
		Map<String, ServerStats> stats = new HashMap<>();
		BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
		protocol.println("@@READY " + ProcessHandle.current().pid());
		String line;
		while ((line = in.readLine()) != null) {
			line = line.trim();
			if (line.equals("QUIT")) {
				break;
			}
			if (!line.startsWith("RUN ")) {
				protocol.println("@@ERROR unknown command: " + line);
				continue;
			}
			Map<String, String> command = new HashMap<>();
			for (String pair : line.substring(4).trim().split(" ")) {
				int eq = pair.indexOf('=');
				command.put(pair.substring(0, eq), pair.substring(eq + 1));
			}
			try {
				CellResult result = runCell(variant, certificate, starterProperties, command, stats);
				protocol.println("@@RESULT " + result.toLine());
			}
			catch (Throwable ex) {
				ex.printStackTrace();
				protocol.println("@@ERROR " + String.valueOf(ex).replace('\n', ' '));
			}
		}
		stats.values().forEach(ServerStats::close);
		System.exit(0);
	}

	private static CellResult runCell(Variant variant, Path certificate, Map<String, String> starterProperties,
			Map<String, String> command,
			Map<String, ServerStats> statsBySpec) throws Exception {
		Duration warmup = Duration.ofMillis(Long.parseLong(command.get("warmupMs")));
		Duration measure = Duration.ofMillis(Long.parseLong(command.get("measureMs")));
		int callers = Integer.parseInt(command.get("callers"));
		Thread watchdog = watchdog(warmup.plus(measure).plusMinutes(2));
		try {
			ServerStats stats = statsBySpec.get(command.get("stats"));
			if (stats == null) {
				stats = ServerStats.open(command.get("stats"));
				statsBySpec.put(command.get("stats"), stats);
			}
			long acceptsAtStart = stats.read().accepts();
			CellResult result;
			try (ClientUnderTest client = variant.create(certificate, starterProperties)) {
				LoadLoop loop = new LoadLoop(client, command.get("url"),
						command.getOrDefault("measureUrl", command.get("url")), Integer.parseInt(command.get("bodySize")),
						callers);
				result = loop.run(warmup, measure, stats, acceptsAtStart);
			}
			// Let an unclosable client (the JDK's, before Java 21) and its connections go
			System.gc();
			return new CellResult(variant.id(), command.get("scenario"), callers,
					Integer.parseInt(command.getOrDefault("round", "0")), result.requests(), result.errors(),
					result.seconds(), result.p50Us(), result.p99Us(), result.p999Us(), result.maxUs(),
					result.clientCpuNanos(), result.serverCpuNanos(), result.acceptsWindow(), result.acceptsCell(),
					result.maxPerRoute(), result.serverDelayNanos(), result.timeline());
		}
		finally {
			watchdog.interrupt();
		}
	}

	private static Thread watchdog(Duration limit) {
		Thread thread = new Thread(() -> {
			try {
				Thread.sleep(limit.toMillis());
				System.err.println("Cell overran " + limit + "; exiting");
				Runtime.getRuntime().halt(3);
			}
			catch (InterruptedException ex) {
				// the cell finished
			}
		}, "cell-watchdog");
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

}
