package io.github.keepalive.benchmarks.client;

import java.io.BufferedReader;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
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
 * With {@code jfr=<file> jfrThresholdMs=<ms>} the cell's measurement window is recorded with
 * JFR and the result line ends with the time blocked on HttpClient's pool
 * ({@link PoolLockRecording}). For counting system calls, the orchestrator sends
 * {@code PREPARE url=... bodySize=... warmupRequests=...} (a fresh client, warmed up by one
 * caller), then {@code BURST requests=N} as often as it needs (N requests on that caller,
 * on the same kept-alive connection), then {@code RELEASE}.
 * <p>
 * A cell whose clients take turns ({@code --slices}) is {@code OPEN} (the RUN keys without
 * {@code measureMs}: a fresh client, loaded for the warm-up), then {@code SLICE settleMs=...
 * measureMs=...} as often as it has slices (the callers start again, run unmeasured for the
 * settle time, then measured), then {@code CLOSE}, which answers {@code @@RESULT} with the
 * slices as one cell ({@link LoadLoop#total}) and closes the client.
 * <p>
 * It answers {@code @@RESULT <CellResult line>}, {@code @@OPENED}, {@code @@SLICED},
 * {@code @@PREPARED}, {@code @@BURST}, {@code @@RELEASED} or {@code @@ERROR <message>} on
 * standard output; everything else it prints goes to standard error. Before it answers
 * {@code @@READY <pid>} it builds and closes one client, so a variant that cannot be built,
 * or whose application lacks its meters, fails at start-up. It exits on {@code QUIT}, when
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
		variant.create(certificate, starterProperties).close();
		protocol.println("@@READY " + ProcessHandle.current().pid());
		ClientUnderTest prepared = null;
		SlicedCell sliced = null;
		String line;
		while ((line = in.readLine()) != null) {
			line = line.trim();
			if (line.equals("QUIT")) {
				break;
			}
			int space = line.indexOf(' ');
			String name = (space > 0) ? line.substring(0, space) : line;
			Map<String, String> command = new HashMap<>();
			for (String pair : ((space > 0) ? line.substring(space + 1).trim() : "").split(" ")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					command.put(pair.substring(0, eq), pair.substring(eq + 1));
				}
			}
			try {
				switch (name) {
					case "RUN" -> protocol.println("@@RESULT " + runCell(variant, certificate, starterProperties, command, stats));
					case "OPEN" -> {
						if (sliced != null) {
							sliced.close();
						}
						sliced = SlicedCell.open(variant, certificate, starterProperties, command, stats);
						protocol.println("@@OPENED");
					}
					case "SLICE" -> {
						if (sliced == null) {
							throw new IllegalStateException("SLICE without OPEN");
						}
						sliced.slice(command);
						protocol.println("@@SLICED");
					}
					case "CLOSE" -> {
						if (sliced == null) {
							throw new IllegalStateException("CLOSE without OPEN");
						}
						SlicedCell cell = sliced;
						sliced = null;
						protocol.println("@@RESULT " + cell.closeWithResult());
					}
					case "PREPARE" -> {
						if (prepared != null) {
							prepared.close();
						}
						prepared = variant.create(certificate, starterProperties);
						long failed = LoadLoop.sequential(prepared, command.get("url"),
								Integer.parseInt(command.get("bodySize")), Long.parseLong(command.get("warmupRequests")));
						// the bursts run on this thread too: strace counts its calls alone
						protocol.println("@@PREPARED tid=" + nativeThreadId() + " failed=" + failed);
					}
					case "BURST" -> {
						long failed = (prepared != null) ? LoadLoop.sequential(prepared, command.get("url"),
								Integer.parseInt(command.get("bodySize")), Long.parseLong(command.get("requests"))) : -1;
						protocol.println("@@BURST failed=" + failed);
					}
					case "RELEASE" -> {
						if (prepared != null) {
							prepared.close();
							prepared = null;
						}
						protocol.println("@@RELEASED");
					}
					default -> protocol.println("@@ERROR unknown command: " + line);
				}
			}
			catch (Throwable ex) {
				ex.printStackTrace();
				protocol.println("@@ERROR " + String.valueOf(ex).replace('\n', ' '));
			}
		}
		if (prepared != null) {
			prepared.close();
		}
		stats.values().forEach(ServerStats::close);
		System.exit(0);
	}

	private static String runCell(Variant variant, Path certificate, Map<String, String> starterProperties,
			Map<String, String> command,
			Map<String, ServerStats> statsBySpec) throws Exception {
		Duration warmup = Duration.ofMillis(Long.parseLong(command.get("warmupMs")));
		Duration measure = Duration.ofMillis(Long.parseLong(command.get("measureMs")));
		int callers = Integer.parseInt(command.get("callers"));
		Thread watchdog = watchdog(warmup.plus(measure).plusMinutes(2));
		try {
			ServerStats stats = stats(command, statsBySpec);
			long acceptsAtStart = stats.read().accepts();
			CellResult result;
			String profile = "";
			try (ClientUnderTest client = variant.create(certificate, starterProperties)) {
				LoadLoop loop = new LoadLoop(client, command.get("url"),
						command.getOrDefault("measureUrl", command.get("url")), Integer.parseInt(command.get("bodySize")),
						callers);
				if (command.containsKey("jfr")) {
					try (PoolLockRecording recording = new PoolLockRecording(Path.of(command.get("jfr")),
							Duration.ofMillis(Long.parseLong(command.getOrDefault("jfrThresholdMs", "0"))))) {
						PoolLockRecording.Parking[] parking = new PoolLockRecording.Parking[1];
						result = loop.run(warmup, measure, stats, acceptsAtStart, new LoadLoop.WindowListener() {

							@Override
							public void windowStarted() {
								recording.start();
							}

							@Override
							public void windowEnded() throws IOException {
								parking[0] = recording.stop();
							}

						});
						profile = " jfrLockNanos=" + parking[0].lockNanos() + " jfrLockEvents="
								+ parking[0].lockEvents() + " jfrWaitNanos=" + parking[0].waitNanos();
					}
				}
				else {
					result = loop.run(warmup, measure, stats, acceptsAtStart);
				}
			}
			// Let an unclosable client (the JDK's, before Java 21) and its connections go
			System.gc();
			return resultLine(command, variant.id(), callers, result) + profile;
		}
		finally {
			watchdog.interrupt();
		}
	}

	private static ServerStats stats(Map<String, String> command, Map<String, ServerStats> statsBySpec)
			throws IOException {
		ServerStats stats = statsBySpec.get(command.get("stats"));
		if (stats == null) {
			stats = ServerStats.open(command.get("stats"));
			statsBySpec.put(command.get("stats"), stats);
		}
		return stats;
	}

	private static String resultLine(Map<String, String> command, String variant, int callers, CellResult result) {
		return new CellResult(variant, command.get("scenario"), callers,
				Integer.parseInt(command.getOrDefault("round", "0")), result.requests(), result.errors(),
				result.seconds(), result.p50Us(), result.p99Us(), result.p999Us(), result.maxUs(),
				result.clientCpuNanos(), result.jitCpuNanos(), result.gcCpuNanos(), result.serverCpuNanos(),
				result.acceptsWindow(), result.acceptsCell(), result.maxPerRoute(), result.serverDelayNanos(),
				result.timeline())
			.toLine();
	}

	/**
	 * A cell whose window comes in slices, between which the other variants' clients take
	 * their turns: its client stays open, and only the connections the server accepts while
	 * this client is loaded count as its own.
	 */
	private static final class SlicedCell {

		private final Map<String, String> command;

		private final String variant;

		private final int callers;

		private final ClientUnderTest client;

		private final LoadLoop loop;

		private final ServerStats stats;

		private final List<CellResult> slices = new ArrayList<>();

		private long accepts;

		private SlicedCell(Map<String, String> command, String variant, int callers, ClientUnderTest client,
				LoadLoop loop, ServerStats stats) {
			this.command = command;
			this.variant = variant;
			this.callers = callers;
			this.client = client;
			this.loop = loop;
			this.stats = stats;
		}

		static SlicedCell open(Variant variant, Path certificate, Map<String, String> starterProperties,
				Map<String, String> command, Map<String, ServerStats> statsBySpec) throws Exception {
			Duration warmup = Duration.ofMillis(Long.parseLong(command.get("warmupMs")));
			int callers = Integer.parseInt(command.get("callers"));
			Thread watchdog = watchdog(warmup.plusMinutes(2));
			try {
				ServerStats stats = stats(command, statsBySpec);
				long acceptsAtStart = stats.read().accepts();
				ClientUnderTest client = variant.create(certificate, starterProperties);
				try {
					LoadLoop loop = new LoadLoop(client, command.get("url"),
							command.getOrDefault("measureUrl", command.get("url")),
							Integer.parseInt(command.get("bodySize")), callers);
					loop.warmUp(warmup);
					SlicedCell cell = new SlicedCell(command, variant.id(), callers, client, loop, stats);
					cell.accepts = stats.read().accepts() - acceptsAtStart;
					return cell;
				}
				catch (Exception | Error ex) {
					client.close();
					throw ex;
				}
			}
			finally {
				watchdog.interrupt();
			}
		}

		void slice(Map<String, String> slice) throws Exception {
			Duration settle = Duration.ofMillis(Long.parseLong(slice.get("settleMs")));
			Duration measure = Duration.ofMillis(Long.parseLong(slice.get("measureMs")));
			Thread watchdog = watchdog(settle.plus(measure).plusMinutes(2));
			try {
				CellResult result = this.loop.run(settle, measure, this.stats, this.stats.read().accepts());
				this.accepts += result.acceptsCell();
				this.slices.add(result);
			}
			finally {
				watchdog.interrupt();
			}
		}

		String closeWithResult() throws Exception {
			try {
				return resultLine(this.command, this.variant, this.callers, this.loop.total(this.slices, this.accepts));
			}
			finally {
				close();
			}
		}

		void close() throws Exception {
			this.client.close();
			System.gc();
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

	// Linux: /proc/thread-self links to <pid>/task/<tid>
	private static long nativeThreadId() {
		try {
			return Long.parseLong(Files.readSymbolicLink(Path.of("/proc/thread-self")).getFileName().toString());
		}
		catch (IOException | RuntimeException ex) {
			return -1;
		}
	}

}
