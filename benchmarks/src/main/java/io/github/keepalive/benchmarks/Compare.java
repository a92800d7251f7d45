package io.github.keepalive.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.benchmarks.client.Variant;
import io.github.keepalive.benchmarks.server.SelfSignedCertificate;
import io.github.keepalive.benchmarks.server.ServerProcess;

/**
 * The whole comparison in one command: makes a self-signed certificate, starts the
 * loopback server in its own process and one client JVM per variant, runs every cell
 * (scenario x caller count x variant) in interleaved rounds, and writes the Markdown
 * table, a chart and the raw data under the output directory.
 */
public final class Compare {

	/** The JFR pass's cells, one line each. */
	static final String JFR_FILE = "jfr.tsv";

	/** The system call counts, one line per variant and server. */
	static final String SYSCALLS_FILE = "syscalls.tsv";

	private Compare() {
	}

	public static void main(String[] args) {
		Options options;
		try {
			options = Options.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		try {
			Report report = run(options);
			System.out.println();
			System.out.println(Files.readString(report.markdown()));
			System.out.println("Wrote " + report.markdown() + ", " + report.html() + ", " + report.svg() + " and "
					+ report.raw());
			System.exit(0);
		}
		catch (Exception ex) {
			ex.printStackTrace();
			System.exit(1);
		}
	}

	/**
	 * Runs the comparison with command-line style arguments.
	 * @param args the arguments (see {@link Options#USAGE})
	 * @return the written report
	 * @throws Exception on failure
	 */
	public static Report run(String... args) throws Exception {
		return run(Options.parse(args));
	}

	static Report run(Options options) throws Exception {
		if (options.reportFrom != null) {
			return rewriteReport(options.reportFrom.toAbsolutePath());
		}
		long started = System.nanoTime();
		Path out = options.out.toAbsolutePath();
		Files.createDirectories(out);
		Path logs = out.resolve("logs");
		Files.createDirectories(logs);
		Path raw = out.resolve("raw.tsv");
		Files.writeString(raw, "");
		Map<String, String> meta = new LinkedHashMap<>();
		meta.put("date", ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
		meta.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		meta.put("cores", Integer.toString(Runtime.getRuntime().availableProcessors()));
		meta.put("load average at start", loadAverage());
		meta.put("plan", options.describe());
		System.out.println("Keep-Alive benchmark: " + options.describe());
		System.out.println(options.cellCount() + " cells; output in " + out);

		SelfSignedCertificate certificate = SelfSignedCertificate.create(out.resolve("tls"));
		List<AutoCloseable> resources = new ArrayList<>();
		Thread cleanup = new Thread(() -> closeAll(resources), "benchmark-cleanup");
		Runtime.getRuntime().addShutdownHook(cleanup);
		List<CellResult> results = new ArrayList<>();
		List<PoolParking> parking = List.of();
		List<SyscallCount> syscalls = List.of();
		int done = 0;
		try {
			ServerProcess javaServer = ServerProcess.startJava(certificate, logs);
			synchronized (resources) {
				resources.add(javaServer);
			}
			ServerProcess nginx = null;
			if (options.needsNginx()) {
				Path executable = ServerProcess.findNginx();
				if (executable == null) {
					throw new IllegalStateException("--server nginx and nginx: scenarios need nginx installed "
							+ "(apt-get install nginx); or use --server java and scenarios without nginx:");
				}
				nginx = ServerProcess.startNginx(executable, certificate, out.resolve("nginx"));
				synchronized (resources) {
					resources.add(nginx);
				}
			}
			meta.put("server", (nginx != null) ? nginx.description() + " for "
					+ (options.server.equals("nginx") ? "0 ms scenarios" : "nginx- scenarios") + "; "
					+ javaServer.description() + " for the others" : javaServer.description());
			int total = options.cellCount();
			List<WorkerProcess> workers = List.of();
			List<String> forks = new ArrayList<>();
			int round = 0;
			for (int fork = 1; fork <= options.forks; fork++) {
				if (options.forks > 1) {
					int rounds = options.roundsOfFork(fork);
					System.out.println("Fork " + fork + " of " + options.forks + ": new client JVMs for " + rounds
							+ ((rounds == 1) ? " round" : " rounds"));
				}
				// the last generation stays for the system calls and the JFR pass
				closeWorkers(workers, resources);
				workers = startWorkers(options, fork, certificate, logs, resources);
				forks.add(fork + ": " + workers.stream().map((w) -> w.variant().id() + " " + w.pid()).toList());
				jitWarmup(options, workers, javaServer, nginx);
				for (int i = 0; i < options.roundsOfFork(fork); i++) {
					round++;
					for (CellResult result : runRound(options, workers, round, javaServer, nginx)) {
						results.add(result);
						done++;
						Files.writeString(raw, result.toLine() + "\n", StandardCharsets.UTF_8,
								StandardOpenOption.APPEND);
						System.out.println(progress(done, total, result));
					}
				}
			}
			meta.put("client JVMs", String.join("; ", forks));
			// system calls before the JFR pass: recording makes the JVM compile again, and its
			// compiler threads' calls (gettid, futex) would be counted as the requests'
			if (options.syscalls) {
				syscalls = countSyscalls(options, workers, javaServer, nginx, out, meta);
			}
			if (options.jfr) {
				meta.put("jfr threshold", options.jfrThreshold.toMillis() + " ms");
				parking = profilePass(options, workers, javaServer, nginx, out, done, total);
			}
		}
		finally {
			closeAll(resources);
			try {
				Runtime.getRuntime().removeShutdownHook(cleanup);
			}
			catch (IllegalStateException ex) {
				// shutting down already
			}
		}
		Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
		meta.put("load average at end", loadAverage());
		meta.put("duration", String.format(Locale.ROOT, "%d min %02d s", elapsed.toMinutes(), elapsed.toSecondsPart()));
		StringBuilder metaFile = new StringBuilder("arguments\t" + String.join("\u001f", options.arguments) + "\n");
		meta.forEach((key, value) -> metaFile.append(key).append('\t').append(value).append('\n'));
		Files.writeString(out.resolve("meta.tsv"), metaFile);
		Files.write(out.resolve(JFR_FILE), parking.stream().map(PoolParking::toLine).toList());
		Files.write(out.resolve(SYSCALLS_FILE), syscalls.stream().map(SyscallCount::toLine).toList());
		return Report.write(out, options, results, syscalls, parking, meta);
	}

	/**
	 * One round: every scenario and caller count, the variants interleaved (each round
	 * starting with another one).
	 */
	private static List<CellResult> runRound(Options options, List<WorkerProcess> workers, int round,
			ServerProcess javaServer, ServerProcess nginx) throws IOException {
		List<CellResult> results = new ArrayList<>();
		for (Scenario scenario : options.scenarios) {
			ServerProcess server = serverFor(options, scenario, javaServer, nginx);
			String url = server.baseUrl(scenario.scheme()) + scenario.pathAndQuery();
			String measureUrl = server.baseUrl(scenario.scheme()) + scenario.measurePathAndQuery();
			for (int callers : scenario.callersOr(options.callers)) {
				List<WorkerProcess> order = new ArrayList<>();
				for (int i = 0; i < workers.size(); i++) {
					order.add(workers.get((i + round - 1) % workers.size()));
				}
				Duration warmup = scenario.warmupOr(options.warmup);
				Duration measure = scenario.measureOr(options.measure);
				results.addAll((options.slices > 1)
						? runSliced(order, options.slices, round, scenario, url, measureUrl, server.statsSpec(), callers,
								warmup, measure)
						: runOneAfterAnother(order, round, scenario, url, measureUrl, server.statsSpec(), callers,
								warmup, measure));
			}
		}
		return results;
	}

	private static List<CellResult> runOneAfterAnother(List<WorkerProcess> order, int round, Scenario scenario,
			String url, String measureUrl, String statsSpec, int callers, Duration warmup, Duration measure)
			throws IOException {
		List<CellResult> cell = new ArrayList<>();
		for (WorkerProcess worker : order) {
			cell.add(worker.run(round, scenario, url, measureUrl, statsSpec, callers, warmup, measure)
				.withRound(round));
		}
		return cell;
	}

	/**
	 * One cell whose window comes in slices: every variant opens its client and warms it
	 * up, then the variants take turns slice by slice (each turn starting with another
	 * variant), so that the machine's slower and faster seconds fall on all of them alike.
	 */
	private static List<CellResult> runSliced(List<WorkerProcess> order, int slices, int round, Scenario scenario,
			String url, String measureUrl, String statsSpec, int callers, Duration warmup, Duration measure)
			throws IOException {
		Duration slice = measure.dividedBy(slices);
		List<WorkerProcess> opened = new ArrayList<>();
		try {
			for (WorkerProcess worker : order) {
				worker.open(round, scenario, url, measureUrl, statsSpec, callers, warmup);
				opened.add(worker);
			}
			for (int turn = 0; turn < slices; turn++) {
				for (int i = 0; i < order.size(); i++) {
					order.get((i + turn) % order.size()).slice(Options.SLICE_SETTLE, slice);
				}
			}
			List<CellResult> cell = new ArrayList<>();
			for (WorkerProcess worker : order) {
				opened.remove(worker);
				cell.add(worker.closeCell().withRound(round));
			}
			return cell;
		}
		finally {
			for (WorkerProcess worker : opened) {
				try {
					worker.closeCell();
				}
				catch (IOException ex) {
					// the cell failed already
				}
			}
		}
	}

	/**
	 * One more pass of every cell, with JFR recording the time blocked on HttpClient's
	 * pool; its cells are not part of the medians.
	 */
	private static List<PoolParking> profilePass(Options options, List<WorkerProcess> workers,
			ServerProcess javaServer, ServerProcess nginx, Path out, int done, int total) throws IOException {
		Path recordings = Files.createDirectories(out.resolve("jfr"));
		List<PoolParking> parking = new ArrayList<>();
		for (Scenario scenario : options.scenarios) {
			ServerProcess server = serverFor(options, scenario, javaServer, nginx);
			String url = server.baseUrl(scenario.scheme()) + scenario.pathAndQuery();
			for (int callers : scenario.callersOr(options.callers)) {
				for (WorkerProcess worker : workers) {
					Path recording = recordings
						.resolve(worker.variant().id() + "-" + scenario.id() + "-" + callers + "callers.jfr");
					PoolParking cell = worker.profile(scenario, url, server.statsSpec(), callers,
							scenario.warmupOr(options.warmup), scenario.measureOr(options.measure), recording,
							options.jfrThreshold);
					parking.add(cell);
					System.out.println(progress(++done, total, cell.cell()) + String.format(Locale.ROOT,
							"  JFR: %.2f µs/req on the pool lock", cell.lockUsPerRequest()));
				}
			}
		}
		return parking;
	}

	/**
	 * For each server and scheme of the 0 ms scenarios and each variant: one caller, warmed
	 * up, then strace around N and then 2N requests on the same kept-alive connection.
	 */
	private static List<SyscallCount> countSyscalls(Options options, List<WorkerProcess> workers,
			ServerProcess javaServer, ServerProcess nginx, Path out, Map<String, String> meta) throws IOException {
		Strace strace = Strace.find();
		if (strace == null) {
			meta.put("strace", "not installed: no system call counts");
			System.out.println("strace is not installed: no system call counts");
			return List.of();
		}
		Path summaries = Files.createDirectories(out.resolve("strace"));
		meta.put("strace", String.join(" ", strace.threadCommand(0, Path.of("<file>")))
			.replace("-p 0", "-p <the caller thread's id>") + " (" + strace.version() + ")");
		List<SyscallCount> counts = new ArrayList<>();
		long n = options.syscallRequests;
		List<String> seen = new ArrayList<>();
		for (Scenario scenario : options.scenarios) {
			ServerProcess server = serverFor(options, scenario, javaServer, nginx);
			String target = scenario.id().replaceAll("-warmup[^-]*", "");
			if (scenario.delayMs() != 0 || scenario.isChurn() || scenario.isOverloaded() || seen.contains(target)) {
				continue;
			}
			seen.add(target);
			String url = server.baseUrl(scenario.scheme()) + scenario.pathAndQuery();
			int bodySize = scenario.expectedBodySize();
			for (WorkerProcess worker : workers) {
				worker.prepare(url, bodySize, Math.max(n, 1000));
				try {
					String name = worker.variant().id() + "-" + target;
					// the caller thread alone: the JVM's compiler and GC threads do not count
					Map<String, long[]> shortPhase = strace.count(worker.pid(), worker.callerTid(),
							summaries.resolve(name + "-" + n + ".txt"), () -> worker.burst(url, bodySize, n));
					Map<String, long[]> longPhase = strace.count(worker.pid(), worker.callerTid(),
							summaries.resolve(name + "-" + 2 * n + ".txt"), () -> worker.burst(url, bodySize, 2 * n));
					SyscallCount count = new SyscallCount(worker.variant().id(), target, n, shortPhase, longPhase);
					counts.add(count);
					System.out.println(String.format(Locale.ROOT, "system calls %-22s %-20s %6.2f per request",
							target, worker.variant().id(), count.totalPerRequest()));
				}
				finally {
					worker.release();
				}
			}
		}
		return counts;
	}

	private static Report rewriteReport(Path directory) throws IOException {
		Map<String, String> meta = new LinkedHashMap<>();
		for (String line : Files.readAllLines(directory.resolve("meta.tsv"))) {
			int tab = line.indexOf('\t');
			if (tab > 0) {
				meta.put(line.substring(0, tab), line.substring(tab + 1));
			}
		}
		String arguments = meta.remove("arguments");
		List<String> args = new ArrayList<>();
		if (arguments != null && !arguments.isEmpty()) {
			args.addAll(List.of(arguments.split("\u001f")));
		}
		Options options = Options.parse(args.toArray(String[]::new));
		List<CellResult> results = readLines(directory.resolve("raw.tsv")).stream().map(CellResult::parse).toList();
		List<PoolParking> parking = readLines(directory.resolve(JFR_FILE)).stream().map(PoolParking::parse).toList();
		List<SyscallCount> syscalls = readLines(directory.resolve(SYSCALLS_FILE)).stream()
			.map(SyscallCount::parse)
			.toList();
		return Report.write(directory, options, results, syscalls, parking, meta);
	}

	private static void closeWorkers(List<WorkerProcess> workers, List<AutoCloseable> resources) {
		for (WorkerProcess worker : workers) {
			synchronized (resources) {
				resources.remove(worker);
			}
			worker.close();
		}
	}

	private static List<String> readLines(Path file) throws IOException {
		return Files.exists(file) ? Files.readAllLines(file).stream().filter((line) -> !line.isBlank()).toList()
				: List.of();
	}

	private static List<WorkerProcess> startWorkers(Options options, int fork, SelfSignedCertificate certificate,
			Path logs, List<AutoCloseable> resources) throws Exception {
		Path profiles = !options.profile ? null
				: (options.forks > 1) ? options.out.resolve("profiles").resolve("fork-" + fork)
						: options.out.resolve("profiles");
		// Start the client JVMs side by side, then keep them in the order of --variants
		List<CompletableFuture<WorkerProcess>> starting = new ArrayList<>();
		for (Variant variant : options.variants) {
			starting.add(CompletableFuture.supplyAsync(() -> {
				try {
					WorkerProcess worker = WorkerProcess.start(variant, certificate.certificatePem(), options.heap,
							options.starterProperties, logs, profiles);
					synchronized (resources) {
						resources.add(worker);
					}
					return worker;
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}));
		}
		List<WorkerProcess> workers = new ArrayList<>();
		for (CompletableFuture<WorkerProcess> worker : starting) {
			try {
				workers.add(worker.get(3, TimeUnit.MINUTES));
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof Exception cause) ? cause : ex;
			}
		}
		return workers;
	}

	// a client JVM is warm when the JIT compiler spends at most this part of its CPU
	private static final double WARM_JIT_SHARE = 0.10;

	private static final Duration WARM_UP_SLICE = Duration.ofSeconds(2);

	private static final int MIN_WARM_UP_SLICES = 3;

	private static final int MAX_WARM_UP_SLICES = 10;

	/**
	 * Loads each client JVM, scheme by scheme, for {@code --jit-warmup}, then in slices of
	 * 2 s, a new client each, at least 3, until the JIT compiler's threads take at most 10 %
	 * of the slice's CPU (at most 10 slices). Each cell starts a client (a Spring context for the
	 * Spring variants), whose start-up code the JIT compiles too: on this 2-core machine a
	 * client JVM still spent 3 to 6 s a round compiling after 20 s of load, in the cells'
	 * windows, which blurred the CPU figures by up to 5x.
	 */
	private static void jitWarmup(Options options, List<WorkerProcess> workers, ServerProcess javaServer,
			ServerProcess nginx) throws IOException {
		if (options.jitWarmup.isZero()) {
			return;
		}
		List<Scenario> perScheme = new ArrayList<>();
		for (Scenario scenario : options.scenarios) {
			if (perScheme.stream().noneMatch((s) -> s.scheme().equals(scenario.scheme()))) {
				perScheme.add(scenario);
			}
		}
		Duration each = options.jitWarmup.dividedBy(perScheme.size());
		Duration measure = Duration.ofMillis(Math.min(500, Math.max(100, each.toMillis() / 4)));
		Duration warm = each.minus(measure).isNegative() ? Duration.ZERO : each.minus(measure);
		int callers = Math.min(16, options.callers.stream().mapToInt(Integer::intValue).max().orElse(16));
		System.out.println("JIT warm-up: " + Options.seconds(options.jitWarmup)
				+ " per client JVM, then until its JIT compiler takes at most 10 % of its CPU");
		for (WorkerProcess worker : workers) {
			for (Scenario scenario : perScheme) {
				ServerProcess server = serverFor(options, scenario, javaServer, nginx);
				String url = server.baseUrl(scenario.scheme()) + scenario.pathAndQuery();
				CellResult last = worker.run(0, scenario, url, url, server.statsSpec(), callers, warm, measure);
				int slices = 0;
				while (slices < MIN_WARM_UP_SLICES || (slices < MAX_WARM_UP_SLICES
						&& !(last.jitCpuUsPerRequest() <= WARM_JIT_SHARE * last.clientCpuUsPerRequest()))) {
					last = worker.run(0, scenario, url, url, server.statsSpec(), callers, Duration.ZERO, WARM_UP_SLICE);
					slices++;
				}
				System.out.printf(Locale.ROOT, "  %-19s %-6s %2d slices more: %6.1f µs CPU/req, JIT %5.1f%n",
						worker.variant().id(), scenario.scheme(), slices, last.clientCpuUsPerRequest(),
						last.jitCpuUsPerRequest());
			}
		}
	}

	private static ServerProcess serverFor(Options options, Scenario scenario, ServerProcess javaServer,
			ServerProcess nginx) {
		if (scenario.onNginx()) {
			return nginx;
		}
		// nginx's keepalive_requests is one for the server, not one per request
		return (nginx != null && options.server.equals("nginx") && !scenario.isChurn()
				&& ((scenario.delayMs() == 0 && !scenario.isOverloaded()) || nginx.supportsDelay())) ? nginx
						: javaServer;
	}

	private static String progress(int done, int total, CellResult result) {
		return String.format(Locale.ROOT, "[%3d/%d] round %d %-20s %3d callers %-19s %,10.0f req/s  p99 %9s  %6.1f µs CPU/req (JIT %5.1f, GC %4.1f)  %5d accepts%s",
				done, total, result.round(), result.scenario(), result.callers(), result.variant(),
				result.requestsPerSecond(), Report.latency(result.p99Us()), result.clientCpuUsPerRequest(), result.jitCpuUsPerRequest(), result.gcCpuUsPerRequest(),
				result.acceptsCell(), (result.errors() > 0) ? "  " + result.errors() + " ERRORS" : "");
	}

	private static String loadAverage() {
		try {
			String[] parts = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
			return parts[0] + " " + parts[1] + " " + parts[2];
		}
		catch (IOException | RuntimeException ex) {
			return "n/a";
		}
	}

	private static void closeAll(List<AutoCloseable> resources) {
		List<AutoCloseable> reversed;
		synchronized (resources) {
			reversed = new ArrayList<>(resources);
			resources.clear();
		}
		Collections.reverse(reversed);
		for (AutoCloseable resource : reversed) {
			try {
				resource.close();
			}
			catch (Exception ex) {
				// best effort
			}
		}
	}

}
