package io.github.keepalive.realserver;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real nginx on {@code 127.0.0.1}, run in the foreground from a config file in its own
 * directory (its prefix), with its pid file, error log, temp paths and access log there
 * too. Every response is a {@code 200 ok}, to any method; the access log records each
 * request's {@code X-Request-Id}, method, connection, position on its connection and
 * status ({@link AccessLogEntry}).
 */
public final class NginxServer implements AutoCloseable {

	private static final String LOG_FORMAT = "'$http_x_request_id $request_method $pid:$connection "
			+ "$connection_requests $status $msec $server_port'";

	private final Path binary = ServerProcess.binary("nginx");

	private final Path directory;

	private final List<Integer> ports;

	private final Path config;

	private final Path errorLog;

	private final Path accessLog;

	private ServerProcess process;

	private NginxServer(Path directory, List<Integer> ports) {
		this.directory = directory;
		this.ports = ports;
		this.config = directory.resolve("nginx.conf");
		this.errorLog = directory.resolve("error.log");
		this.accessLog = directory.resolve("access.log");
	}

	/**
	 * Writes the config and starts nginx on a free port.
	 * @param directory the server's directory (a temp dir)
	 * @param serverDirectives directives of the {@code server} block, such as
	 * {@code keepalive_timeout 1s;}
	 * @return the running server
	 */
	public static NginxServer start(Path directory, String... serverDirectives) {
		return start(directory, 1, serverDirectives);
	}

	/**
	 * Writes the config and starts nginx listening on several free ports, one
	 * {@code server} block each (the access log tells them apart), so that clients compared
	 * side by side meet the same reloads and restarts.
	 * @param directory the server's directory (a temp dir)
	 * @param ports how many ports
	 * @param serverDirectives directives of every {@code server} block
	 * @return the running server
	 */
	public static NginxServer start(Path directory, int ports, String... serverDirectives) {
		List<Integer> free = new ArrayList<>();
		while (free.size() < ports) {
			int port = ServerProcess.freePort();
			if (!free.contains(port)) {
				free.add(port);
			}
		}
		NginxServer server = new NginxServer(directory, List.copyOf(free));
		server.writeConfig(serverDirectives);
		server.start();
		return server;
	}

	private void writeConfig(String... serverDirectives) {
		String dir = this.directory.toString();
		StringBuilder config = new StringBuilder();
		if (ServerProcess.runsAsRoot()) {
			// the workers would otherwise run as nobody, locked out of a root-owned temp dir
			config.append("user root;\n");
		}
		config.append("worker_processes 1;\n");
		config.append("error_log ").append(this.errorLog).append(" notice;\n");
		config.append("pid ").append(dir).append("/nginx.pid;\n");
		config.append("events {\n\tworker_connections 1024;\n}\n");
		config.append("http {\n");
		config.append("\tlog_format realserver ").append(LOG_FORMAT).append(";\n");
		config.append("\taccess_log ").append(this.accessLog).append(" realserver;\n");
		// Debian's build puts these under /var/lib/nginx: keep everything in the temp dir
		for (String temp : List.of("client_body", "proxy", "fastcgi", "uwsgi", "scgi")) {
			config.append('\t').append(temp).append("_temp_path ").append(dir).append('/').append(temp).append(";\n");
		}
		for (int port : this.ports) {
			config.append("\tserver {\n");
			config.append("\t\tlisten 127.0.0.1:").append(port).append(";\n");
			for (String directive : serverDirectives) {
				config.append("\t\t").append(directive).append('\n');
			}
			config.append("\t\tlocation / {\n\t\t\treturn 200 \"ok\\n\";\n\t\t}\n");
			config.append("\t}\n");
		}
		config.append("}\n");
		try {
			Files.writeString(this.config, config);
			Files.createDirectories(this.directory.resolve("logs"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * Starts nginx (again, after {@link #stop()}) with the same config and port.
	 */
	public void start() {
		List<String> command = command();
		command.add("-g");
		command.add("daemon off;");
		this.process = ServerProcess.start("nginx", command, this.directory, this.ports.get(0), this.errorLog);
	}

	/**
	 * Reloads the config as an operator would ({@code nginx -s reload}): new workers start,
	 * the old ones finish their requests and close their idle keep-alive connections.
	 */
	public void reload() {
		List<String> command = command();
		command.add("-s");
		command.add("reload");
		ServerProcess.runToCompletion(command, this.directory);
	}

	/**
	 * Stops nginx with a fast shutdown (SIGTERM): every connection is closed.
	 */
	public void stop() {
		if (this.process != null) {
			this.process.stop();
			this.process = null;
		}
	}

	private List<String> command() {
		List<String> command = new ArrayList<>(List.of(this.binary.toString(), "-p", this.directory + "/", "-c",
				this.config.toString()));
		if (ErrorLogOption.supported(this.binary)) {
			command.add("-e");
			command.add(this.errorLog.toString());
		}
		return command;
	}

	/**
	 * Whether this nginx has the {@code -e} option (1.19.5 and later; Ubuntu 22.04 and
	 * Debian 11 ship 1.18). Without it nginx opens its compiled-in error log before it reads
	 * the config: a relative one lands under the prefix ({@code logs/}, made beside the
	 * config), and an absolute one it cannot open (not root) costs one {@code [alert]} on
	 * standard error, after which nginx goes on with the config's {@code error_log}.
	 */
	static final class ErrorLogOption {

		private static final Pattern VERSION = Pattern.compile("nginx/(\\d+)\\.(\\d+)\\.(\\d+)");

		private static final Map<Path, Boolean> byBinary = new ConcurrentHashMap<>();

		private ErrorLogOption() {
		}

		static boolean supported(Path binary) {
			return byBinary.computeIfAbsent(binary, (path) -> supported(
					ServerProcess.runToCompletion(List.of(path.toString(), "-v"), Path.of(".").toAbsolutePath())));
		}

		static boolean supported(String versionOutput) {
			Matcher version = VERSION.matcher(versionOutput);
			if (!version.find()) {
				throw new IllegalStateException("Unknown nginx version: " + versionOutput.strip());
			}
			int[] parts = { Integer.parseInt(version.group(1)), Integer.parseInt(version.group(2)),
					Integer.parseInt(version.group(3)) };
			return Arrays.compare(parts, new int[] { 1, 19, 5 }) >= 0;
		}

	}

	public String baseUrl() {
		return baseUrl(0);
	}

	/**
	 * The base URL of one of the ports.
	 * @param index the port's index, from 0
	 * @return {@code http://127.0.0.1:<port>}
	 */
	public String baseUrl(int index) {
		return "http://127.0.0.1:" + port(index);
	}

	int port() {
		return port(0);
	}

	/**
	 * One of the ports nginx listens on.
	 * @param index the port's index, from 0
	 * @return the port
	 */
	public int port(int index) {
		return this.ports.get(index);
	}

	/**
	 * Whether nginx is installed, for tests that skip without it.
	 * @return whether the binary was found
	 */
	public static boolean isInstalled() {
		return ServerProcess.isInstalled("nginx");
	}

	/**
	 * The access log so far (complete once nginx has stopped).
	 * @return its entries
	 */
	public List<AccessLogEntry> accessLog() {
		return AccessLogEntry.read(this.accessLog);
	}

	@Override
	public void close() {
		stop();
	}

}
