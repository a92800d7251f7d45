package io.github.keepalive.realserver;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * A real HAProxy on {@code 127.0.0.1} in front of one backend, run in the foreground
 * ({@code -db}) from a config file in its own directory, in HTTP mode with client-side
 * keep-alive. It logs nothing (HAProxy logs to syslog); the backend's access log has the
 * requests, and the stats socket in the directory counts the client connections.
 */
final class HaProxyServer implements AutoCloseable {

	private final Path directory;

	private final int port;

	private final Path statsSocket;

	private final ServerProcess process;

	private HaProxyServer(Path directory, int port, ServerProcess process) {
		this.directory = directory;
		this.port = port;
		this.statsSocket = directory.resolve("haproxy.sock");
		this.process = process;
	}

	/**
	 * Writes the config and starts HAProxy on a free port.
	 * @param directory the server's directory (a temp dir)
	 * @param backendPort the port of the backend on {@code 127.0.0.1}
	 * @param keepAliveTimeout {@code timeout http-keep-alive}, such as {@code 500ms}
	 * @return the running server
	 */
	static HaProxyServer start(Path directory, int backendPort, String keepAliveTimeout) {
		Path binary = ServerProcess.binary("haproxy");
		int port = ServerProcess.freePort();
		Path config = directory.resolve("haproxy.cfg");
		String text = String.join("\n", "global", "\tmaxconn 1000",
				"\tstats socket " + directory.resolve("haproxy.sock") + " mode 600 level user", "", "defaults",
				"\tmode http", "\toption http-keep-alive", "\ttimeout connect 5s", "\ttimeout client 30s",
				"\ttimeout server 30s", "\ttimeout http-request 10s",
				"\ttimeout http-keep-alive " + keepAliveTimeout, "", "frontend fe",
				"\tbind 127.0.0.1:" + port, "\tdefault_backend be", "", "backend be",
				"\tserver backend 127.0.0.1:" + backendPort, "");
		try {
			Files.writeString(config, text);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		ServerProcess process = ServerProcess.start("haproxy", List.of(binary.toString(), "-f", config.toString(),
				"-db"), directory, port, directory.resolve("haproxy.out"));
		return new HaProxyServer(directory, port, process);
	}

	String baseUrl() {
		return "http://127.0.0.1:" + this.port;
	}

	/**
	 * The connections clients opened to the frontend so far, from {@code show stat}.
	 * @return the frontend's {@code conn_tot}
	 */
	long clientConnections() {
		String[] lines = command("show stat").split("\n");
		List<String> header = Arrays.asList(lines[0].replaceFirst("^# ", "").split(","));
		int column = header.indexOf("conn_tot");
		for (String line : lines) {
			String[] fields = line.split(",", -1);
			if (fields.length > column && "fe".equals(fields[0]) && "FRONTEND".equals(fields[1])) {
				return Long.parseLong(fields[column]);
			}
		}
		throw new IllegalStateException("No frontend conn_tot in " + Arrays.toString(lines));
	}

	private String command(String command) {
		try (SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX)) {
			channel.connect(UnixDomainSocketAddress.of(this.statsSocket));
			channel.write(ByteBuffer.wrap((command + "\n").getBytes(StandardCharsets.US_ASCII)));
			ByteArrayOutputStream response = new ByteArrayOutputStream();
			Channels.newInputStream(channel).transferTo(response);
			return response.toString(StandardCharsets.US_ASCII);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("HAProxy stats socket in " + this.directory, ex);
		}
	}

	@Override
	public void close() {
		this.process.stop();
	}

}
