package io.github.keepalive.benchmarks;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.benchmarks.server.BenchServer;
import io.github.keepalive.benchmarks.server.SelfSignedCertificate;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.settings.BaseUrl;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.WarmUpSettings;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.io.entity.EntityUtils;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;

/**
 * What {@code warm-up.connections} does to the first requests after start: the latency of
 * the first 100 requests over HTTPS of a client that just started, made by 10 callers at
 * once, with and without a warm-up of 10 connections. Each start is a new JVM against an
 * in-process {@link BenchServer} on 127.0.0.1: a fresh one (class loading, JIT and TLS
 * set-up included, as after a deploy), and one warmed by an earlier client, which leaves
 * the handshakes alone. The variants alternate. About two minutes in all.
 * Arguments (optional): rounds per variant (10), callers and warmed connections (10).
 */
public final class WarmUpProbe {

	private static final int REQUESTS = 100;

	private WarmUpProbe() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals("--start")) {
			Path certificate = Path.of(args[2]);
			int callers = Integer.parseInt(args[3]);
			if (Boolean.parseBoolean(args[5])) {
				// an earlier client of the same JVM: loads the classes and JIT-compiles TLS
				start(args[1], certificate, callers, false, false);
			}
			start(args[1], certificate, callers, Boolean.parseBoolean(args[4]), true);
			return;
		}
		int rounds = (args.length > 0) ? Integer.parseInt(args[0]) : 10;
		int callers = (args.length > 1) ? Integer.parseInt(args[1]) : 10;
		Path directory = Files.createTempDirectory("warm-up-probe");
		SelfSignedCertificate certificate = SelfSignedCertificate.create(directory);
		try (BenchServer server = new BenchServer(0, 0, 0, certificate.keyStore(),
				certificate.password().toCharArray())) {
			server.start();
			String url = "https://localhost:" + server.httpsPort();
			List<List<long[]>> variants = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(),
					new ArrayList<>());
			for (int round = 0; round < rounds; round++) {
				for (int variant = 0; variant < variants.size(); variant++) {
					variants.get(variant)
						.add(startInNewJvm(url, certificate.certificatePem(), callers, variant % 2 == 1, variant >= 2));
				}
			}
			System.out.printf(Locale.ROOT, "First %d requests over HTTPS after start, %d callers, %s, %d cores, "
					+ "medians of %d starts (µs):%n", REQUESTS, callers, SelfSignedCertificate.KEY,
					Runtime.getRuntime().availableProcessors(), rounds);
			System.out.println("| JVM | warm-up.connections | p50 | p99 | max | start-up spent warming (ms) |");
			System.out.println("|---|---|---|---|---|---|");
			for (int variant = 0; variant < variants.size(); variant++) {
				print((variant >= 2) ? "warmed by an earlier client" : "fresh", (variant % 2 == 1) ? callers : 0,
						variants.get(variant));
			}
		}
		System.exit(0);
	}

	private static void print(String jvm, int warmUp, List<long[]> results) {
		System.out.printf(Locale.ROOT, "| %s | %d | %,d | %,d | %,d | %,d |%n", jvm, warmUp, median(results, 0),
				median(results, 1), median(results, 2), median(results, 3) / 1000);
	}

	private static long median(List<long[]> results, int column) {
		long[] values = results.stream().mapToLong((result) -> result[column]).sorted().toArray();
		return values[values.length / 2];
	}

	private static long[] startInNewJvm(String url, Path certificate, int callers, boolean warm, boolean jvmWarm)
			throws Exception {
		Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
				"-Xmx256m", "-cp", System.getProperty("java.class.path"), WarmUpProbe.class.getName(), "--start", url,
				certificate.toString(), String.valueOf(callers), String.valueOf(warm), String.valueOf(jvmWarm))
			.redirectErrorStream(true)
			.start();
		String result = null;
		try (BufferedReader out = new BufferedReader(
				new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = out.readLine(); line != null; line = out.readLine()) {
				if (line.startsWith("RESULT ")) {
					result = line.substring("RESULT ".length());
				}
			}
		}
		if (!process.waitFor(60, TimeUnit.SECONDS) || result == null) {
			process.destroyForcibly();
			throw new IOException("The client JVM gave no result");
		}
		return Arrays.stream(result.split(" ")).mapToLong(Long::parseLong).toArray();
	}

	/**
	 * One start: the client is created (and warmed up), then the callers send their first
	 * requests together; prints {@code RESULT p50 p99 max warmUpMicros} if asked to.
	 */
	private static void start(String url, Path certificate, int callers, boolean warm, boolean report)
			throws Exception {
		SslBundle bundle = SslBundle
			.of(new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("file:" + certificate.toAbsolutePath())));
		KeepAliveClientSettings defaults = KeepAliveClientSettings.defaults("probe");
		KeepAliveClientSettings settings = defaults.withName("probe", BaseUrl.of(url))
			.withHttp(HttpClientSettings.ofSslBundle(bundle))
			.withWarmUp(new WarmUpSettings(warm ? callers : 0, Duration.ofSeconds(10)));
		try (KeepAliveClients clients = new KeepAliveClients(new KeepAliveHttpClientFactory(), List.of(settings))) {
			long warmUpStart = System.nanoTime();
			clients.warmUp();
			long warmUpMicros = (System.nanoTime() - warmUpStart) / 1000;
			KeepAliveHttpClient client = clients.get("probe");
			long[] latencies = new long[REQUESTS];
			CountDownLatch go = new CountDownLatch(1);
			List<Thread> threads = new ArrayList<>();
			for (int caller = 0; caller < callers; caller++) {
				int first = caller * (REQUESTS / callers);
				Thread thread = new Thread(() -> send(client, url + "/ping", go, latencies, first, REQUESTS / callers));
				threads.add(thread);
				thread.start();
			}
			go.countDown();
			for (Thread thread : threads) {
				thread.join();
			}
			Arrays.sort(latencies);
			if (!report) {
				return;
			}
			System.out.printf(Locale.ROOT, "RESULT %d %d %d %d%n", latencies[REQUESTS / 2] / 1000,
					latencies[REQUESTS * 99 / 100 - 1] / 1000, latencies[REQUESTS - 1] / 1000, warmUpMicros);
		}
	}

	private static void send(KeepAliveHttpClient client, String url, CountDownLatch go, long[] latencies, int first,
			int count) {
		try {
			go.await();
			for (int i = first; i < first + count; i++) {
				long start = System.nanoTime();
				client.getHttpClient()
					.execute(new HttpGet(url), (response) -> EntityUtils.toByteArray(response.getEntity()));
				latencies[i] = System.nanoTime() - start;
			}
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
