package io.github.keepalive.realserver;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * A server binary (nginx, HAProxy) run as a foreground child process of the test JVM, its
 * output in a file of its own directory. Stopping it also stops whatever it forked
 * (nginx's workers), so that nothing is left listening after a test.
 */
public final class ServerProcess {

	private static final String INSTALL_HINT = "apt-get install -y nginx haproxy";

	private static final List<String> SBIN_DIRECTORIES = List.of("/usr/sbin", "/usr/local/sbin", "/sbin");

	private static final Duration START_TIMEOUT = Duration.ofSeconds(10);

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);

	private final String name;

	private final Process process;

	private final Path output;

	private ServerProcess(String name, Process process, Path output) {
		this.name = name;
		this.process = process;
		this.output = output;
	}

	/**
	 * Starts a server and waits until it accepts connections on {@code port}.
	 * @param name the server's name, for messages
	 * @param command the command line
	 * @param directory the server's directory, where its output goes
	 * @param port the port it listens on
	 * @param log a log file to quote when it does not start
	 * @return the running server
	 */
	static ServerProcess start(String name, List<String> command, Path directory, int port, Path log) {
		Path output = directory.resolve(name + ".out");
		ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(output.toFile()))
			.redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
		try {
			ServerProcess server = new ServerProcess(name, builder.start(), output);
			server.awaitListening(port, log);
			return server;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
	}

	/**
	 * Runs a short command (such as {@code nginx -s reload}) to completion.
	 * @param command the command line
	 * @param directory the working directory
	 * @return its output, standard error included
	 */
	static String runToCompletion(List<String> command, Path directory) {
		try {
			Process process = new ProcessBuilder(command).directory(directory.toFile())
				.redirectErrorStream(true)
				.start();
			process.getOutputStream().close();
			byte[] output = process.getInputStream().readAllBytes();
			if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS) || process.exitValue() != 0) {
				process.destroyForcibly();
				throw new IllegalStateException(
						command + " failed: " + new String(output, StandardCharsets.UTF_8).strip());
			}
			return new String(output, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted running " + command, ex);
		}
	}

	/**
	 * Skips the calling test unless every binary is installed, naming those that are
	 * missing: the real-server tests run where nginx and HAProxy are found and report
	 * themselves skipped where only a JDK is. Called from {@code @BeforeEach}, so that each
	 * test is reported skipped with the message (an abort in {@code @BeforeAll} leaves the
	 * class with no test at all in the reports).
	 * @param binaries the binaries' names
	 */
	static void assumeInstalled(String... binaries) {
		List<String> missing = missing(binaries);
		Assumptions.assumeTrue(missing.isEmpty(), () -> String.join(" and ", missing)
				+ " not found on the PATH nor in " + SBIN_DIRECTORIES + ": real-server tests skipped (" + INSTALL_HINT
				+ " runs them)");
	}

	/**
	 * The binaries that are not installed.
	 * @param binaries the binaries' names
	 * @return those not found
	 */
	static List<String> missing(String... binaries) {
		List<String> missing = new ArrayList<>();
		for (String binary : binaries) {
			if (find(binary).isEmpty()) {
				missing.add(binary);
			}
		}
		return missing;
	}

	/**
	 * Finds a server binary on the {@code PATH} or in the usual {@code sbin} directories
	 * (a non-root {@code PATH} often lacks them); the tests check with
	 * {@link #assumeInstalled(String...)} first.
	 * @param binary the binary's name
	 * @return its path
	 */
	static Path binary(String binary) {
		return find(binary).orElseThrow(() -> new IllegalStateException(binary + " not found: " + INSTALL_HINT));
	}

	static boolean isInstalled(String binary) {
		return find(binary).isPresent();
	}

	private static Optional<Path> find(String binary) {
		List<String> directories = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			directories.addAll(List.of(path.split(File.pathSeparator)));
		}
		directories.addAll(SBIN_DIRECTORIES);
		for (String directory : directories) {
			Path candidate = Path.of(directory, binary);
			if (!directory.isEmpty() && Files.isExecutable(candidate)) {
				return Optional.of(candidate);
			}
		}
		return Optional.empty();
	}

	/**
	 * A port that was free a moment ago on {@code 127.0.0.1}.
	 * @return the port
	 */
	static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static boolean runsAsRoot() {
		return "root".equals(System.getProperty("user.name"));
	}

	private void awaitListening(int port, Path log) {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (System.nanoTime() - deadline < 0) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException(this.name + " exited with " + this.process.exitValue()
						+ " at start-up: " + diagnostics(log));
			}
			try (Socket socket = new Socket()) {
				socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
				return;
			}
			catch (IOException ex) {
				sleep(20);
			}
		}
		stop();
		throw new IllegalStateException(this.name + " did not listen on port " + port + " within " + START_TIMEOUT
				+ ": " + diagnostics(log));
	}

	/**
	 * Stops the server with SIGTERM (nginx's fast shutdown, HAProxy's hard stop) and waits
	 * for it and its children to exit; kills what is still running after a while.
	 */
	void stop() {
		List<ProcessHandle> children = this.process.descendants().toList();
		this.process.destroy();
		try {
			if (!this.process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
				this.process.destroyForcibly().waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			}
			// workers exit with their master; a killed master leaves them behind
			for (ProcessHandle child : children) {
				if (child.isAlive()) {
					child.onExit().get(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			children.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
		}
	}

	boolean isAlive() {
		return this.process.isAlive();
	}

	long pid() {
		return this.process.pid();
	}

	private String diagnostics(Path log) {
		return String.format(Locale.ROOT, "%n%s:%n%s%n%s:%n%s", this.output, read(this.output), log, read(log));
	}

	private static String read(Path file) {
		try {
			return Files.exists(file) ? Files.readString(file).strip() : "(none)";
		}
		catch (IOException ex) {
			return "(unreadable: " + ex + ")";
		}
	}

	public static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
