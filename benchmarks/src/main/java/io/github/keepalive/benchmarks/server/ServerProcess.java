package io.github.keepalive.benchmarks.server;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A loopback server in a process of its own: the {@link BenchServer} in a fresh JVM, or
 * nginx when asked for and installed.
 */
public interface ServerProcess extends Closeable {

	/**
	 * The base URL for a scheme, e.g. {@code http://127.0.0.1:40123}.
	 * @param scheme {@code http} or {@code https}
	 * @return the base URL
	 */
	String baseUrl(String scheme);

	/**
	 * The spec a client passes to {@link ServerStats#open(String)}.
	 * @return the spec
	 */
	String statsSpec();

	/**
	 * Whether the server can answer after a delay ({@code ?delay=N}).
	 * @return whether delays are supported
	 */
	boolean supportsDelay();

	/**
	 * A one-line description for the report.
	 * @return the description
	 */
	String description();

	@Override
	void close();

	/**
	 * Starts a {@link BenchServer} in a new JVM with this JVM's class path.
	 * @param certificate the server's certificate
	 * @param logDirectory where to write the server's output
	 * @return the running server
	 * @throws IOException if it does not start within 60 seconds
	 */
	static ServerProcess startJava(SelfSignedCertificate certificate, Path logDirectory) throws IOException {
		return JavaServerProcess.start(certificate, logDirectory);
	}

	/**
	 * Starts nginx (one worker) with a generated configuration.
	 * @param nginx the nginx executable
	 * @param certificate the server's certificate
	 * @param directory where to write the configuration and logs
	 * @return the running server
	 * @throws IOException if it does not start
	 */
	static ServerProcess startNginx(Path nginx, SelfSignedCertificate certificate, Path directory)
			throws IOException {
		return NginxServerProcess.start(nginx, certificate, directory);
	}

	/**
	 * The nginx executable on this machine, if any.
	 * @return the executable or {@code null}
	 */
	static Path findNginx() {
		List<Path> candidates = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			for (String dir : path.split(":")) {
				candidates.add(Path.of(dir, "nginx"));
			}
		}
		candidates.add(Path.of("/usr/sbin/nginx"));
		candidates.add(Path.of("/usr/local/sbin/nginx"));
		candidates.add(Path.of("/usr/local/nginx/sbin/nginx"));
		return candidates.stream().filter(Files::isExecutable).findFirst().orElse(null);
	}

	/**
	 * The Java server.
	 */
	final class JavaServerProcess implements ServerProcess {

		private static final Pattern READY = Pattern.compile("READY http=(\\d+) https=(\\d+) control=(\\d+)");

		private final Process process;

		private final int httpPort;

		private final int httpsPort;

		private final int controlPort;

		private JavaServerProcess(Process process, int httpPort, int httpsPort, int controlPort) {
			this.process = process;
			this.httpPort = httpPort;
			this.httpsPort = httpsPort;
			this.controlPort = controlPort;
		}

		static JavaServerProcess start(SelfSignedCertificate certificate, Path logDirectory) throws IOException {
			Files.createDirectories(logDirectory);
			List<String> command = new ArrayList<>();
			command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
			command.addAll(List.of("-Xms256m", "-Xmx256m", "-XX:+UseParallelGC", "-Xss256k", "-cp",
					System.getProperty("java.class.path"), BenchServer.class.getName(), "--keystore",
					certificate.keyStore().toString(), "--storepass", certificate.password(), "--max-lifetime",
					"7200"));
			Process process = new ProcessBuilder(command)
				.redirectError(ProcessBuilder.Redirect.to(logDirectory.resolve("server.err.log").toFile()))
				.start();
			BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.US_ASCII));
			CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
				try {
					return reader.readLine();
				}
				catch (IOException ex) {
					return null;
				}
			});
			String line;
			try {
				line = ready.get(60, TimeUnit.SECONDS);
			}
			catch (InterruptedException | ExecutionException | TimeoutException ex) {
				process.destroyForcibly();
				throw new IOException("The benchmark server did not start; see " + logDirectory, ex);
			}
			Matcher matcher = (line != null) ? READY.matcher(line) : null;
			if (matcher == null || !matcher.matches()) {
				process.destroyForcibly();
				throw new IOException("The benchmark server did not start (" + line + "); see " + logDirectory);
			}
			return new JavaServerProcess(process, Integer.parseInt(matcher.group(1)),
					Integer.parseInt(matcher.group(2)), Integer.parseInt(matcher.group(3)));
		}

		@Override
		public String baseUrl(String scheme) {
			return scheme + "://127.0.0.1:" + (scheme.equals("https") ? this.httpsPort : this.httpPort);
		}

		@Override
		public String statsSpec() {
			return "java:127.0.0.1:" + this.controlPort;
		}

		@Override
		public boolean supportsDelay() {
			return true;
		}

		@Override
		public String description() {
			return "Java loopback server (blocking I/O, a thread per connection, " + SelfSignedCertificate.KEY
					+ " certificate), in its own JVM";
		}

		@Override
		public void close() {
			try {
				this.process.getOutputStream().close();
				if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
					this.process.destroy();
					if (!this.process.waitFor(5, TimeUnit.SECONDS)) {
						this.process.destroyForcibly();
					}
				}
			}
			catch (IOException ex) {
				this.process.destroyForcibly();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}

	}

	/**
	 * nginx with one worker, {@code /ping} and {@code /big} served from memory and files,
	 * {@code stub_status} on a port of its own.
	 */
	final class NginxServerProcess implements ServerProcess {

		private final Process process;

		private final int httpPort;

		private final int httpsPort;

		private final int statusPort;

		private final String version;

		private NginxServerProcess(Process process, int httpPort, int httpsPort, int statusPort, String version) {
			this.process = process;
			this.httpPort = httpPort;
			this.httpsPort = httpsPort;
			this.statusPort = statusPort;
			this.version = version;
		}

		static NginxServerProcess start(Path nginx, SelfSignedCertificate certificate, Path directory)
				throws IOException {
			Files.createDirectories(directory.resolve("logs"));
			Files.createDirectories(directory.resolve("html"));
			Files.createDirectories(directory.resolve("tmp"));
			Files.write(directory.resolve("html").resolve("big"), bodyOf(BenchServer.BIG_BODY_SIZE));
			int httpPort = freePort();
			int httpsPort = freePort();
			int statusPort = freePort();
			String ping = new String(bodyOf(BenchServer.PING_BODY_SIZE), StandardCharsets.US_ASCII).replace("\n", "\\n");
			String config = """
					worker_processes 1;
					daemon off;
					master_process on;
					pid %1$s/nginx.pid;
					error_log %1$s/logs/error.log warn;
					events { worker_connections 4096; multi_accept on; }
					http {
					    access_log off;
					    client_body_temp_path %1$s/tmp/body;
					    proxy_temp_path %1$s/tmp/proxy;
					    fastcgi_temp_path %1$s/tmp/fastcgi;
					    uwsgi_temp_path %1$s/tmp/uwsgi;
					    scgi_temp_path %1$s/tmp/scgi;
					    keepalive_timeout 75s;
					    keepalive_requests 10000000;
					    tcp_nodelay on;
					    default_type text/plain;
					    server {
					        listen 127.0.0.1:%2$d;
					        listen 127.0.0.1:%3$d ssl;
					        ssl_certificate %4$s;
					        ssl_certificate_key %5$s;
					        root %1$s/html;
					        location = /ping { return 200 "%6$s"; }
					        location = /big { try_files /big =404; }
					    }
					    server {
					        listen 127.0.0.1:%7$d;
					        keepalive_timeout 7200s;
					        location = /stats { stub_status; }
					    }
					}
					""".formatted(directory.toAbsolutePath(), httpPort, httpsPort,
					certificate.certificatePem().toAbsolutePath(), certificate.privateKeyPem().toAbsolutePath(), ping,
					statusPort);
			Path configFile = directory.resolve("nginx.conf");
			Files.writeString(configFile, config);
			String version = versionOf(nginx);
			Process process = new ProcessBuilder(nginx.toString(), "-p", directory.toAbsolutePath().toString(), "-c",
					configFile.toAbsolutePath().toString())
				.redirectErrorStream(true)
				.redirectOutput(directory.resolve("logs").resolve("nginx.out").toFile())
				.start();
			NginxServerProcess server = new NginxServerProcess(process, httpPort, httpsPort, statusPort, version);
			long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
			while (System.nanoTime() < deadline) {
				if (!process.isAlive()) {
					throw new IOException("nginx exited (" + process.exitValue() + "); see "
							+ directory.resolve("logs"));
				}
				try (ServerStats stats = ServerStats.open(server.statsSpec())) {
					stats.read();
					return server;
				}
				catch (IOException ex) {
					sleep(100);
				}
			}
			server.close();
			throw new IOException("nginx did not start; see " + directory.resolve("logs"));
		}

		private static String versionOf(Path nginx) {
			try {
				Process process = new ProcessBuilder(nginx.toString(), "-v").redirectErrorStream(true).start();
				String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
				process.waitFor(10, TimeUnit.SECONDS);
				return out.replace("nginx version: ", "");
			}
			catch (IOException ex) {
				return "nginx";
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return "nginx";
			}
		}

		private static byte[] bodyOf(int size) {
			byte[] body = new byte[size];
			String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
			for (int i = 0; i < size; i++) {
				body[i] = (byte) ((i % 64 == 63) ? '\n' : alphabet.charAt(i % alphabet.length()));
			}
			return body;
		}

		private static int freePort() throws IOException {
			try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
				return socket.getLocalPort();
			}
		}

		private static void sleep(long millis) {
			try {
				Thread.sleep(millis);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

		@Override
		public String baseUrl(String scheme) {
			return scheme + "://127.0.0.1:" + (scheme.equals("https") ? this.httpsPort : this.httpPort);
		}

		@Override
		public String statsSpec() {
			return "nginx:127.0.0.1:" + this.statusPort + ":" + this.process.pid();
		}

		@Override
		public boolean supportsDelay() {
			return false;
		}

		@Override
		public String description() {
			return this.version + " (1 worker, " + SelfSignedCertificate.KEY + " certificate)";
		}

		@Override
		public void close() {
			this.process.destroy(); // SIGTERM: fast shutdown of master and workers
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.descendants().forEach(ProcessHandle::destroyForcibly);
					this.process.destroyForcibly();
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				this.process.destroyForcibly();
			}
		}

	}

}
