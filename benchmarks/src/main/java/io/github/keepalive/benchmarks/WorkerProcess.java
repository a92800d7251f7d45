package io.github.keepalive.benchmarks;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.benchmarks.client.ClientWorker;
import io.github.keepalive.benchmarks.client.Variant;

/**
 * The orchestrator's handle on one variant's {@link ClientWorker} JVM.
 */
final class WorkerProcess implements Closeable {

	private final Variant variant;

	private final Process process;

	private final PrintStream commands;

	private final BlockingQueue<String> replies = new ArrayBlockingQueue<>(16);

	private final Path log;

	private long callerTid = -1;

	private WorkerProcess(Variant variant, Process process, Path log) {
		this.variant = variant;
		this.process = process;
		this.log = log;
		this.commands = new PrintStream(process.getOutputStream(), true, StandardCharsets.UTF_8);
		Thread reader = new Thread(() -> {
			try (BufferedReader in = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				String line;
				while ((line = in.readLine()) != null) {
					if (line.startsWith("@@")) {
						this.replies.put(line.substring(2));
					}
				}
			}
			catch (IOException ex) {
				// process gone
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}, "worker-" + variant.id());
		reader.setDaemon(true);
		reader.start();
	}

	static WorkerProcess start(Variant variant, Path certificate, String heap, List<String> starterProperties,
			Path logDirectory, Path profileDirectory) throws IOException {
		Files.createDirectories(logDirectory);
		Path log = logDirectory.resolve("client-" + variant.id() + ".log");
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xms" + heap);
		command.add("-Xmx" + heap);
		if (profileDirectory != null) {
			Files.createDirectories(profileDirectory);
			command.add("-XX:StartFlightRecording=settings=profile,dumponexit=true,filename="
					+ profileDirectory.resolve(variant.id() + ".jfr").toAbsolutePath());
		}
		command.add("-cp");
		command.add(System.getProperty("java.class.path"));
		command.add(ClientWorker.class.getName());
		command.addAll(List.of("--variant", variant.id(), "--certificate", certificate.toAbsolutePath().toString()));
		for (String property : starterProperties) {
			command.add("--starter-property");
			command.add(property);
		}
		Process process = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile())).start();
		WorkerProcess worker = new WorkerProcess(variant, process, log);
		String ready = worker.reply(Duration.ofSeconds(180)); // it builds one client first
		if (ready == null || !ready.startsWith("READY")) {
			worker.close();
			throw new IOException("Client " + variant.id() + " did not start (" + ready + "); see " + log);
		}
		return worker;
	}

	Variant variant() {
		return this.variant;
	}

	/**
	 * Runs one cell and waits for its result.
	 * @param round the round
	 * @param scenario the scenario
	 * @param url the URL to load in the warm-up
	 * @param measureUrl the URL to load in the measurement window
	 * @param statsSpec the server's stats spec
	 * @param callers the caller count
	 * @param warmup the warm-up
	 * @param measure the measurement window
	 * @return the result
	 * @throws IOException if the cell failed or the worker died
	 */
	CellResult run(int round, Scenario scenario, String url, String measureUrl, String statsSpec, int callers,
			Duration warmup, Duration measure) throws IOException {
		return CellResult.parse(runLine(round, scenario, url, measureUrl, statsSpec, callers, warmup, measure, ""));
	}

	/**
	 * Opens a cell whose window comes in slices: a fresh client, loaded for the warm-up.
	 * @param round the round
	 * @param scenario the scenario
	 * @param url the URL to load in the warm-up
	 * @param measureUrl the URL to load in the slices
	 * @param statsSpec the server's stats spec
	 * @param callers the caller count
	 * @param warmup the warm-up
	 * @throws IOException if the client failed or the worker died
	 */
	void open(int round, Scenario scenario, String url, String measureUrl, String statsSpec, int callers,
			Duration warmup) throws IOException {
		send("OPEN round=" + round + " scenario=" + scenario.id() + " url=" + url + " measureUrl=" + measureUrl
				+ " bodySize=" + scenario.expectedBodySize() + " callers=" + callers + " warmupMs="
				+ warmup.toMillis() + " stats=" + statsSpec, "OPENED", warmup.plusMinutes(3));
	}

	/**
	 * Loads the open cell's client for one slice of its window.
	 * @param settle how long the callers run before the slice is measured
	 * @param measure the slice
	 * @throws IOException if the slice failed or the worker died
	 */
	void slice(Duration settle, Duration measure) throws IOException {
		send("SLICE settleMs=" + settle.toMillis() + " measureMs=" + measure.toMillis(), "SLICED",
				settle.plus(measure).plusMinutes(3));
	}

	/**
	 * Closes the open cell and returns its slices as one result.
	 * @return the result
	 * @throws IOException if the worker failed or died
	 */
	CellResult closeCell() throws IOException {
		return CellResult.parse(send("CLOSE", "RESULT", Duration.ofMinutes(2)));
	}

	/**
	 * Runs one cell with JFR recording its measurement window.
	 * @param scenario the scenario
	 * @param url the URL
	 * @param statsSpec the server's stats spec
	 * @param callers the caller count
	 * @param warmup the warm-up
	 * @param measure the measurement window
	 * @param recording where to write the recording
	 * @param threshold the shortest park or wait recorded
	 * @return the result with the time blocked on the pool
	 * @throws IOException if the cell failed or the worker died
	 */
	PoolParking profile(Scenario scenario, String url, String statsSpec, int callers, Duration warmup,
			Duration measure, Path recording, Duration threshold) throws IOException {
		return PoolParking.parse(runLine(0, scenario, url, url, statsSpec, callers, warmup, measure,
				" jfr=" + recording.toAbsolutePath() + " jfrThresholdMs=" + threshold.toMillis()));
	}

	private String runLine(int round, Scenario scenario, String url, String measureUrl, String statsSpec, int callers,
			Duration warmup, Duration measure, String extra) throws IOException {
		return send("RUN round=" + round + " scenario=" + scenario.id() + " url=" + url + " measureUrl="
				+ measureUrl + " bodySize="
				+ scenario.expectedBodySize() + " callers=" + callers + " warmupMs=" + warmup.toMillis()
				+ " measureMs=" + measure.toMillis() + " stats=" + statsSpec + extra, "RESULT",
				warmup.plus(measure).plusMinutes(3));
	}

	/**
	 * Builds a client for one caller and warms up its connection.
	 * @param url the URL
	 * @param bodySize the body size of a correct answer
	 * @param requests the warm-up's requests
	 * @throws IOException if the worker failed, or a request
	 */
	void prepare(String url, int bodySize, long requests) throws IOException {
		String reply = send("PREPARE url=" + url + " bodySize=" + bodySize + " warmupRequests=" + requests,
				"PREPARED", Duration.ofMinutes(5));
		// "tid=<caller thread> failed=<n>": the thread that sends the bursts
		this.callerTid = reply.startsWith("tid=") ? Long.parseLong(reply.substring(4, reply.indexOf(' '))) : -1;
		requireNoFailure(reply);
	}

	/**
	 * The native id of the thread that sends the prepared client's requests, as the last
	 * {@link #prepare} reported it.
	 * @return the thread id, or -1 if unknown
	 */
	long callerTid() {
		return this.callerTid;
	}

	/**
	 * Sends requests one after the other on the prepared client.
	 * @param url the URL
	 * @param bodySize the body size of a correct answer
	 * @param requests how many
	 * @throws IOException if the worker failed, or a request
	 */
	void burst(String url, int bodySize, long requests) throws IOException {
		requireNoFailure(send("BURST url=" + url + " bodySize=" + bodySize + " requests=" + requests, "BURST",
				Duration.ofMinutes(5)));
	}

	/**
	 * Closes the prepared client.
	 * @throws IOException if the worker failed
	 */
	void release() throws IOException {
		send("RELEASE", "RELEASED", Duration.ofMinutes(1));
	}

	/**
	 * The client JVM's process id.
	 * @return the pid
	 */
	long pid() {
		return this.process.pid();
	}

	private void requireNoFailure(String reply) throws IOException {
		if (!reply.endsWith("failed=0")) {
			throw new IOException("Client " + this.variant.id() + ": requests failed (" + reply + "); see " + this.log);
		}
	}

	/** Sends a command and waits for its reply, which starts with the given word. */
	private String send(String command, String expected, Duration timeout) throws IOException {
		this.replies.clear();
		this.commands.println(command);
		String reply = reply(timeout);
		if (reply == null) {
			throw new IOException("No answer from client " + this.variant.id() + "; see " + this.log);
		}
		if (!reply.startsWith(expected)) {
			throw new IOException("Client " + this.variant.id() + " failed: " + reply + "; see " + this.log);
		}
		return reply.substring(expected.length()).trim();
	}

	private String reply(Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		try {
			while (System.nanoTime() < deadline) {
				String reply = this.replies.poll(200, TimeUnit.MILLISECONDS);
				if (reply != null) {
					return reply;
				}
				if (!this.process.isAlive() && this.replies.isEmpty()) {
					return null;
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		return null;
	}

	@Override
	public void close() {
		try {
			this.commands.println("QUIT");
			this.commands.close();
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroy();
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroyForcibly();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			this.process.destroyForcibly();
		}
	}

}
