package io.github.keepalive.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Counts the system calls of one thread of a running process over one phase: attaches
 * {@code strace -c -o <file> -p <tid>} (or, when the thread is not known, {@code -f} to the
 * whole process, every thread and threads started meanwhile), waits until it is traced, runs
 * the phase, and stops strace (SIGTERM: it detaches and writes its summary). One thread, so
 * that the JVM's compiler and GC threads are not counted as the phase's.
 */
final class Strace {

	private final Path executable;

	private Strace(Path executable) {
		this.executable = executable;
	}

	/**
	 * strace, if installed.
	 * @return strace or {@code null}
	 */
	static Strace find() {
		for (String candidate : List.of("/usr/bin/strace", "/bin/strace", "/usr/local/bin/strace")) {
			if (Files.isExecutable(Path.of(candidate))) {
				return new Strace(Path.of(candidate));
			}
		}
		return null;
	}

	/**
	 * The command line that counts a process's system calls, as run.
	 * @param pid the process
	 * @param summary where strace writes its summary
	 * @return the command
	 */
	List<String> command(long pid, Path summary) {
		return List.of(this.executable.toString(), "-f", "-c", "-o", summary.toString(), "-p", Long.toString(pid));
	}

	/**
	 * The command line that counts one thread's system calls, as run.
	 * @param tid the thread
	 * @param summary where strace writes its summary
	 * @return the command
	 */
	List<String> threadCommand(long tid, Path summary) {
		return List.of(this.executable.toString(), "-c", "-o", summary.toString(), "-p", Long.toString(tid));
	}

	/**
	 * strace's version line.
	 * @return e.g. {@code strace -- version 6.1}
	 */
	String version() {
		try {
			Process process = new ProcessBuilder(this.executable.toString(), "-V").redirectErrorStream(true).start();
			String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			process.waitFor(10, TimeUnit.SECONDS);
			return out.lines().findFirst().orElse("strace").trim();
		}
		catch (IOException ex) {
			return "strace";
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return "strace";
		}
	}

	/**
	 * Counts the system calls of one thread of a process while a phase runs, or of every
	 * thread when the thread is not known.
	 * @param pid the process
	 * @param tid the thread, or a negative number for every thread
	 * @param summary where strace writes its summary (kept)
	 * @param phase what to count
	 * @return calls and errors per system call
	 * @throws IOException if strace cannot attach or fails
	 */
	Map<String, long[]> count(long pid, long tid, Path summary, Phase phase) throws IOException {
		Path log = summary.resolveSibling(summary.getFileName() + ".log");
		Process strace = new ProcessBuilder((tid > 0) ? threadCommand(tid, summary) : command(pid, summary))
			.redirectErrorStream(true)
			.redirectOutput(log.toFile())
			.start();
		try {
			awaitTraced(pid, tid, strace, log);
			phase.run();
		}
		finally {
			strace.destroy(); // SIGTERM: strace detaches and writes the summary
			try {
				if (!strace.waitFor(30, TimeUnit.SECONDS)) {
					strace.destroyForcibly();
					throw new IOException("strace did not stop; see " + log);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				strace.destroyForcibly();
			}
		}
		return parse(Files.readString(summary));
	}

	/** Waits until every thread of the process has a tracer. */
	private static void awaitTraced(long pid, long tid, Process strace, Path log) throws IOException {
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (System.nanoTime() < deadline) {
			if (!strace.isAlive()) {
				throw new IOException("strace exited (" + strace.exitValue() + "); see " + log);
			}
			if ((tid > 0) ? traced(Path.of("/proc", Long.toString(pid), "task", Long.toString(tid))) : allThreadsTraced(pid)) {
				return;
			}
			try {
				Thread.sleep(20);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IOException("Interrupted", ex);
			}
		}
		throw new IOException("strace did not attach to every thread of " + pid + " within 30 s; see " + log);
	}

	private static boolean allThreadsTraced(long pid) throws IOException {
		try (Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
			for (Path task : tasks.toList()) {
				if (!traced(task)) {
					return false;
				}
			}
			return true;
		}
	}

	private static boolean traced(Path task) {
		String status;
		try {
			status = Files.readString(task.resolve("status"));
		}
		catch (IOException ex) {
			return true; // the thread has ended
		}
		return status.lines().noneMatch((line) -> line.startsWith("TracerPid:") && line.endsWith("\t0"));
	}

	/**
	 * Parses the summary {@code strace -c} writes: for each system call its calls and errors.
	 * @param summary the summary
	 * @return {@code [calls, errors]} by system call name, without the total
	 */
	static Map<String, long[]> parse(String summary) {
		Map<String, long[]> counts = new TreeMap<>();
		for (String line : summary.lines().toList()) {
			String[] columns = line.trim().split("\\s+");
			// % time, seconds, usecs/call, calls, [errors,] syscall
			if (columns.length < 5 || !columns[0].matches("[0-9.]+") || columns[columns.length - 1].equals("total")) {
				continue;
			}
			long calls = Long.parseLong(columns[3]);
			long errors = (columns.length >= 6) ? Long.parseLong(columns[4]) : 0;
			counts.put(columns[columns.length - 1], new long[] { calls, errors });
		}
		return counts;
	}

	/**
	 * What runs while strace counts.
	 */
	interface Phase {

		void run() throws IOException;

	}

}
