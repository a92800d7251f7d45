package io.github.keepalive.benchmarks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.github.keepalive.benchmarks.client.Variant;

/**
 * The comparison's command-line options.
 */
final class Options {

	static final String DEFAULT_SCENARIOS = "http:ping:0,https:ping:0,http:ping:10@16+64,http:big:0@16";

	/** Every variant but the adaptive ones, which have a comparison of their own (see README). */
	List<Variant> variants = List.of(Variant.STARTER, Variant.BOOT_HC5, Variant.BOOT_JDK, Variant.CONN_PER_REQUEST,
			Variant.STARTER_FACTORY_HC5);

	/** The variants of {@code --targets}: the starter against its baseline, with the A/A control. */
	static final List<Variant> TARGET_VARIANTS = List.of(Variant.STARTER, Variant.RESTCLIENT_HC5,
			Variant.RESTCLIENT_HC5_B, Variant.HC5, Variant.BOOT_HC5);

	/** The scenarios of {@code --targets}: nginx and the Java server, HTTP and HTTPS, 16 and 64 callers. */
	static final String TARGET_SCENARIOS = "nginx:http:ping:0@16+64,nginx:https:ping:0@16+64,http:ping:0@16+64,"
			+ "https:ping:0@16+64";

	/** The fewest rounds whose medians the baseline targets are judged on. */
	static final int TARGET_ROUNDS = 5;

	/**
	 * The JIT warm-up of {@code --targets}: with 6 s, most client JVMs still compiled when
	 * the last warm-up slice ended (the starter's most), and the rounds measured their
	 * compiler; with 120 s, all 50 of the twelfth session's run ended on the criterion.
	 */
	static final Duration TARGET_JIT_WARMUP = Duration.ofSeconds(120);

	List<Scenario> scenarios = parseScenarios(DEFAULT_SCENARIOS);

	List<Integer> callers = List.of(1, 16, 64);

	int rounds = 3;

	/** Slices of each cell's window, the variants taking turns slice by slice; 1: one after another. */
	int slices = 1;

	/** Generations of client JVMs: each is started afresh and JIT-warmed for its share of the rounds. */
	int forks = 1;

	/** Unmeasured load before each slice: the callers start again on the client's open connections. */
	static final Duration SLICE_SETTLE = Duration.ofMillis(200);

	Duration warmup = Duration.ofSeconds(1);

	Duration measure = Duration.ofSeconds(2);

	Duration jitWarmup = Duration.ofSeconds(6);

	String server = "java";

	String heap = "512m";

	List<String> starterProperties = new ArrayList<>();

	/** Count system calls per request on a kept-alive connection, after the rounds. */
	boolean syscalls;

	/** Requests of the shorter strace phase (the longer one sends twice as many). */
	int syscallRequests = 2000;

	/** Record the time blocked on HttpClient's pool with JFR, in one extra pass after the rounds. */
	boolean jfr;

	/** Whether each client JVM records a JFR profile from its start to its end. */
	boolean profile;

	/** The shortest park or monitor wait JFR records. */
	Duration jfrThreshold = Duration.ZERO;

	Path out = Path.of("target", "benchmark-results");

	/** A finished run's directory to write the report of again, instead of running. */
	Path reportFrom;

	/** The arguments these options were parsed from. */
	List<String> arguments = List.of();

	static final String USAGE = """
			Options (all optional):
			  --targets    the starter against its baseline (issue 18): variants %s,
			               scenarios %s,
			               %d rounds, 2 s + 4 s per cell, --jit-warmup %s, --syscalls; options after
			               it override these
			  --variants   starter,boot-hc5,boot-jdk,conn-per-req,starter-factory-hc5   variants to compare
			               (default: these); also restclient-hc5, restclient-hc5-b, hc5, starter-adaptive,
			               starter-adaptive-gradient, starter-adaptive-aimd
			  --scenarios  LIST    [nginx:]scheme:endpoint:delayMs[/perInFlightMs][@callers+callers][~[warmup+]measure],
			                       comma-separated (default: %s)
			                       nginx: against nginx (0 ms only), else the Java server;
			                       endpoint: ping (200 B) or big (16 KiB); delay in ms (0 to 10000);
			                       /K: from the measurement window on, each request in flight at the server
			                       adds K ms (an overloaded downstream); ~3s+6s: this scenario's warm-up and window
			  --schemes    http,https   keep only the scenarios with these schemes
			  --delays     0,10         keep only the scenarios with these delays (ms)
			  --callers    1,16,64      caller threads, for scenarios without their own list
			  --rounds     3            interleaved rounds; the report gives medians
			  --slices     1            cut each cell's window into this many slices and let the variants take
			                            turns slice by slice, each keeping its client (and connections) open
			                            across the cell, each slice after 200 ms of unmeasured load: the
			                            variants then share the machine's slower and faster seconds
			  --forks      1            start the client JVMs this many times, each generation warmed up again
			                            and running its share of the rounds (the first ones one more when
			                            they do not divide): a variant's rounds then come from several JVMs,
			                            each compiled by the JIT in its own way
			  --warmup     1s           warm-up per cell (a new client per cell), e.g. 2s, 500ms
			  --measure    2s           measurement window per cell
			  --jit-warmup 6s           warm-up of each client JVM before round 1 (split over the schemes),
			                            then 2 s slices, a new client each, at least 3, until the JIT
			                            compiler takes at most 10 %% of a slice's CPU (at most 10 a scheme)
			  --server     java|nginx   the loopback server (nginx: 0 ms scenarios on nginx,
			                            delayed ones on the Java server; needs nginx installed)
			  --heap       512m         heap of each client JVM
			  --starter-property K=V    a keepalive.* property for the starter and conn-per-req
			                            variants (repeatable), e.g. keepalive.pool.concurrency-policy=LAX
			  --syscalls                after the rounds, count system calls per request of each variant on a
			                            kept-alive connection: 1 caller, strace -f -c around N and 2N requests
			  --syscall-requests 2000   N
			  --jfr                     after the rounds, one more pass of every cell with JFR recording the
			                            time blocked on HttpClient's pool (not part of the medians)
			  --jfr-threshold 0ms       the shortest park or monitor wait JFR records
			  --profile                 each client JVM records JFR's "profile" settings from its start to
			                            its end, into DIR/profiles/<variant>.jfr (DIR/profiles/fork-N/ with
			                            --forks; no deoptimization when a recording starts: the steady
			                            state's own code); read it with ExecutionProfile
			  --out        DIR          where to write the results (default target/benchmark-results)
			  --report-from DIR         write the report of a finished run in DIR again (from raw.tsv), no run
			""".formatted(TARGET_VARIANTS.stream().map(Variant::id).toList(), TARGET_SCENARIOS, TARGET_ROUNDS,
			TARGET_JIT_WARMUP.toSeconds() + "s", DEFAULT_SCENARIOS);

	static Options parse(String[] args) {
		Options options = new Options();
		options.arguments = List.of(args);
		List<String> schemes = null;
		List<Integer> delays = null;
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.isBlank()) {
				continue;
			}
			if (name.equals("--help") || name.equals("-h")) {
				System.out.println(USAGE);
				System.exit(0);
			}
			if (name.equals("--targets")) {
				options.variants = TARGET_VARIANTS;
				options.scenarios = parseScenarios(TARGET_SCENARIOS);
				options.rounds = TARGET_ROUNDS;
				options.warmup = Duration.ofSeconds(2);
				options.measure = Duration.ofSeconds(4);
				options.jitWarmup = TARGET_JIT_WARMUP;
				options.syscalls = true;
				continue;
			}
			if (name.equals("--syscalls") || name.equals("--jfr") || name.equals("--profile")) {
				options.syscalls |= name.equals("--syscalls");
				options.jfr |= name.equals("--jfr");
				options.profile |= name.equals("--profile");
				continue;
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException("Missing value for " + name + "\n" + USAGE);
			}
			String value = args[++i];
			switch (name) {
				case "--variants" -> options.variants = split(value).stream().map(Variant::of).toList();
				case "--scenarios" -> options.scenarios = parseScenarios(value);
				case "--schemes" -> schemes = split(value);
				case "--delays" -> delays = split(value).stream().map((d) -> d.replace("ms", "")).map(Integer::parseInt).toList();
				case "--callers" -> options.callers = split(value).stream().map(Integer::parseInt).toList();
				case "--rounds" -> options.rounds = Integer.parseInt(value);
				case "--slices" -> options.slices = Integer.parseInt(value);
				case "--forks" -> options.forks = Integer.parseInt(value);
				case "--warmup" -> options.warmup = duration(value);
				case "--measure" -> options.measure = duration(value);
				case "--jit-warmup" -> options.jitWarmup = duration(value);
				case "--server" -> options.server = value.toLowerCase(Locale.ROOT);
				case "--heap" -> options.heap = value;
				case "--starter-property" -> {
					if (!value.startsWith("keepalive.") || !value.contains("=")) {
						throw new IllegalArgumentException("--starter-property takes keepalive.<name>=<value>: " + value);
					}
					options.starterProperties.add(value);
				}
				case "--syscall-requests" -> options.syscallRequests = Integer.parseInt(value);
				case "--jfr-threshold" -> options.jfrThreshold = duration(value);
				case "--out" -> options.out = Path.of(value);
				case "--report-from" -> options.reportFrom = Path.of(value);
				default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + USAGE);
			}
		}
		if (schemes != null) {
			List<String> keep = schemes;
			options.scenarios = options.scenarios.stream().filter((s) -> keep.contains(s.scheme())).toList();
		}
		if (delays != null) {
			List<Integer> keep = delays;
			options.scenarios = options.scenarios.stream().filter((s) -> keep.contains(s.delayMs())).toList();
		}
		if (options.scenarios.isEmpty() || options.variants.isEmpty() || options.callers.isEmpty()) {
			throw new IllegalArgumentException("Nothing to run\n" + USAGE);
		}
		if (options.rounds < 1 || options.rounds > 50) {
			throw new IllegalArgumentException("--rounds must be 1 to 50");
		}
		if (options.slices < 1 || options.slices > 100
				|| options.measure.dividedBy(options.slices).toMillis() < 100) {
			throw new IllegalArgumentException("--slices must be 1 to 100, each slice at least 100 ms of --measure");
		}
		if (options.forks < 1 || options.forks > options.rounds) {
			throw new IllegalArgumentException("--forks must be 1 to --rounds (" + options.rounds + ")");
		}
		if (options.callers.stream().anyMatch((c) -> c < 1 || c > 1024)) {
			throw new IllegalArgumentException("--callers must be 1 to 1024");
		}
		if (options.measure.isZero() || options.measure.compareTo(Duration.ofMinutes(10)) > 0
				|| options.warmup.compareTo(Duration.ofMinutes(10)) > 0) {
			throw new IllegalArgumentException("--measure must be above 0 and --warmup / --measure at most 10m");
		}
		if (options.syscallRequests < 1 || options.syscallRequests > 1_000_000) {
			throw new IllegalArgumentException("--syscall-requests must be 1 to 1000000");
		}
		if (!options.server.equals("java") && !options.server.equals("nginx")) {
			throw new IllegalArgumentException("--server must be java or nginx");
		}
		return options;
	}

	private static List<Scenario> parseScenarios(String value) {
		List<Scenario> scenarios = new ArrayList<>();
		for (String spec : value.split(",")) {
			if (!spec.isBlank()) {
				scenarios.add(Scenario.parse(spec));
			}
		}
		return List.copyOf(scenarios);
	}

	private static List<String> split(String value) {
		return Arrays.stream(value.split(",")).map(String::trim).filter((s) -> !s.isEmpty()).toList();
	}

	static Duration duration(String value) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		if (v.endsWith("ms")) {
			return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
		}
		if (v.endsWith("m")) {
			return Duration.ofMillis(Math.round(Double.parseDouble(v.substring(0, v.length() - 1)) * 60_000));
		}
		if (v.endsWith("s")) {
			v = v.substring(0, v.length() - 1);
		}
		return Duration.ofMillis(Math.round(Double.parseDouble(v) * 1000));
	}

	/**
	 * The number of cells a run has.
	 * @return the number of cells
	 */
	int cellCount() {
		return cellsPerRound() * (this.rounds + (this.jfr ? 1 : 0));
	}

	/**
	 * The rounds one generation of client JVMs runs: an equal share, the first generations
	 * one more when the rounds do not divide.
	 * @param fork the generation, from 1
	 * @return its rounds
	 */
	int roundsOfFork(int fork) {
		return this.rounds / this.forks + ((fork <= this.rounds % this.forks) ? 1 : 0);
	}

	int cellsPerRound() {
		int perRound = 0;
		for (Scenario scenario : this.scenarios) {
			perRound += scenario.callersOr(this.callers).size() * this.variants.size();
		}
		return perRound;
	}

	/**
	 * Whether any scenario, or {@code --server nginx}, needs nginx.
	 * @return whether to start nginx
	 */
	boolean needsNginx() {
		return this.server.equals("nginx") || this.scenarios.stream().anyMatch(Scenario::onNginx);
	}

	String describe() {
		return "variants " + this.variants.stream().map(Variant::id).toList() + ", scenarios "
				+ this.scenarios.stream().map(Scenario::id).toList() + ", callers " + this.callers + ", "
				+ this.rounds + " rounds, " + seconds(this.warmup) + " warm-up + " + seconds(this.measure)
				+ " measured per cell"
				+ ((this.slices > 1) ? " in " + this.slices + " slices, the variants taking turns" : "")
				+ ((this.forks > 1) ? ", the client JVMs started " + this.forks + " times (forks)" : "")
				+ ", server " + this.server
				+ (this.starterProperties.isEmpty() ? "" : ", starter properties " + this.starterProperties)
				+ (this.syscalls ? ", system calls (" + this.syscallRequests + " and " + 2 * this.syscallRequests
						+ " requests)" : "")
				+ (this.jfr ? ", JFR pass (threshold " + this.jfrThreshold.toMillis() + " ms)" : "");
	}

	static String seconds(Duration duration) {
		double s = duration.toMillis() / 1000.0;
		return (s == Math.rint(s)) ? ((long) s) + " s" : s + " s";
	}

}
