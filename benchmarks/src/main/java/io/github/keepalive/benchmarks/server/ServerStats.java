package io.github.keepalive.benchmarks.server;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a loopback server's counters: the TCP connections it accepted and its CPU time.
 * Made from a spec string, so a client process can read them itself at the edges of its
 * measurement window:
 * <ul>
 * <li>{@code java:<host>:<controlPort>}: the {@link BenchServer}'s control port</li>
 * <li>{@code nginx:<host>:<statusPort>:<masterPid>}: nginx's {@code stub_status} (over one
 * kept-alive connection, so reading it adds one accept in all) and {@code /proc} for the
 * CPU time of the master and its workers</li>
 * </ul>
 */
public interface ServerStats extends Closeable {

	/**
	 * Reads the counters now.
	 * @return the counters
	 * @throws IOException if the server cannot be reached
	 */
	Snapshot read() throws IOException;

	@Override
	void close();

	/**
	 * Opens a reader for the given spec.
	 * @param spec {@code java:host:port} or {@code nginx:host:port:pid}
	 * @return the reader
	 * @throws IOException if the server cannot be reached
	 */
	static ServerStats open(String spec) throws IOException {
		String[] parts = spec.split(":");
		return switch (parts[0]) {
			case "java" -> new JavaServerStats(parts[1], Integer.parseInt(parts[2]));
			case "nginx" -> new NginxServerStats(parts[1], Integer.parseInt(parts[2]), Long.parseLong(parts[3]));
			default -> throw new IllegalArgumentException("Unknown stats spec " + spec);
		};
	}

	/**
	 * The server's counters at one moment.
	 *
	 * @param accepts connections accepted since the server started (all ports)
	 * @param cpuNanos the server's CPU time since it started, or -1 if unknown
	 * @param delayNanos the time the server's answers waited for their delay since it
	 * started: the downstream's own latency, or -1 if unknown
	 */
	record Snapshot(long accepts, long cpuNanos, long delayNanos) {

	}

	/**
	 * The {@link BenchServer}'s control port.
	 */
	final class JavaServerStats implements ServerStats {

		private final String host;

		private final int port;

		private Socket socket;

		private BufferedReader reader;

		private PrintStream writer;

		JavaServerStats(String host, int port) throws IOException {
			this.host = host;
			this.port = port;
			connect();
		}

		private void connect() throws IOException {
			close();
			this.socket = new Socket();
			this.socket.connect(new InetSocketAddress(this.host, this.port), 5_000);
			this.socket.setSoTimeout(10_000);
			this.reader = new BufferedReader(
					new InputStreamReader(this.socket.getInputStream(), StandardCharsets.US_ASCII));
			this.writer = new PrintStream(this.socket.getOutputStream(), true, StandardCharsets.US_ASCII);
		}

		@Override
		public synchronized Snapshot read() throws IOException {
			String line;
			try {
				line = exchange();
			}
			catch (IOException ex) {
				connect(); // one retry on a fresh connection
				line = exchange();
			}
			Map<String, String> values = new HashMap<>();
			for (String pair : line.trim().split(" ")) {
				int eq = pair.indexOf('=');
				if (eq > 0) {
					values.put(pair.substring(0, eq), pair.substring(eq + 1));
				}
			}
			return new Snapshot(Long.parseLong(values.get("httpAccepts")) + Long.parseLong(values.get("httpsAccepts")),
					Long.parseLong(values.get("cpuNanos")), Long.parseLong(values.getOrDefault("delayNanos", "-1")));
		}

		private String exchange() throws IOException {
			this.writer.println("STATS");
			String line = this.reader.readLine();
			if (line == null) {
				throw new IOException("Server closed the control connection");
			}
			return line;
		}

		@Override
		public synchronized void close() {
			try {
				if (this.socket != null) {
					this.socket.close();
				}
			}
			catch (IOException ex) {
				// ignore
			}
		}

	}

	/**
	 * nginx's {@code stub_status} and {@code /proc}.
	 */
	final class NginxServerStats implements ServerStats {

		private static final Pattern COUNTERS = Pattern.compile("\\s(\\d+)\\s+(\\d+)\\s+(\\d+)\\s");

		private static final long NANOS_PER_TICK = 1_000_000_000L / 100; // USER_HZ is 100 on Linux

		private final String host;

		private final int port;

		private final long masterPid;

		private Socket socket;

		NginxServerStats(String host, int port, long masterPid) {
			this.host = host;
			this.port = port;
			this.masterPid = masterPid;
		}

		@Override
		public synchronized Snapshot read() throws IOException {
			if (this.socket == null || this.socket.isClosed()) {
				this.socket = new Socket();
				this.socket.connect(new InetSocketAddress(this.host, this.port), 5_000);
				this.socket.setSoTimeout(10_000);
			}
			OutputStream out = this.socket.getOutputStream();
			out.write(("GET /stats HTTP/1.1\r\nHost: " + this.host + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			out.flush();
			String body = readResponseBody(this.socket.getInputStream());
			Matcher matcher = COUNTERS.matcher(body);
			if (!matcher.find()) {
				throw new IOException("Unexpected stub_status answer: " + body);
			}
			return new Snapshot(Long.parseLong(matcher.group(1)), cpuNanos(), -1);
		}

		private static String readResponseBody(InputStream in) throws IOException {
			StringBuilder head = new StringBuilder();
			while (!head.toString().endsWith("\r\n\r\n")) {
				int c = in.read();
				if (c < 0) {
					throw new IOException("nginx closed the status connection");
				}
				head.append((char) c);
			}
			Matcher length = Pattern.compile("(?i)content-length:\\s*(\\d+)").matcher(head);
			if (!length.find()) {
				throw new IOException("No Content-Length in stub_status answer: " + head);
			}
			byte[] body = in.readNBytes(Integer.parseInt(length.group(1)));
			return new String(body, StandardCharsets.US_ASCII);
		}

		private long cpuNanos() {
			List<Long> pids = new ArrayList<>();
			pids.add(this.masterPid);
			try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
				processes.filter((path) -> path.getFileName().toString().chars().allMatch(Character::isDigit))
					.forEach((path) -> {
						long[] stat = stat(path.resolve("stat"));
						if (stat != null && stat[0] == this.masterPid) {
							pids.add(Long.parseLong(path.getFileName().toString()));
						}
					});
			}
			catch (IOException ex) {
				return -1;
			}
			long ticks = 0;
			for (long pid : pids) {
				long[] stat = stat(Path.of("/proc", Long.toString(pid), "stat"));
				if (stat != null) {
					ticks += stat[1] + stat[2];
				}
			}
			return ticks * NANOS_PER_TICK;
		}

		/** ppid, utime, stime from /proc/[pid]/stat, or null. */
		private static long[] stat(Path file) {
			try {
				String content = Files.readString(file);
				String[] fields = content.substring(content.lastIndexOf(')') + 2).split(" ");
				// fields[0] is state (field 3), ppid is field 4, utime 14, stime 15
				return new long[] { Long.parseLong(fields[1]), Long.parseLong(fields[11]), Long.parseLong(fields[12]) };
			}
			catch (IOException | RuntimeException ex) {
				return null;
			}
		}

		@Override
		public synchronized void close() {
			try {
				if (this.socket != null) {
					this.socket.close();
				}
			}
			catch (IOException ex) {
				// ignore
			}
		}

	}

}
