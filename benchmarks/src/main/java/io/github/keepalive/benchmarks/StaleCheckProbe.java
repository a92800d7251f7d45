package io.github.keepalive.benchmarks;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;

import io.github.keepalive.benchmarks.server.BenchServer;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * What {@code keepalive.keep-alive.validate-after-inactivity} costs a caller: the latency
 * of one request on a pooled connection that was idle for a while, with the starter's
 * validation threshold and with longer ones. A connection idle longer than the threshold
 * is checked for staleness when leased, besides the check every reused connection gets
 * just before its request is written (both the starter's non-blocking read). Runs against an
 * in-process {@link BenchServer} on 127.0.0.1, one caller, about 40 seconds in all.
 * Arguments (optional): the idle pause in ms (1500), then the thresholds in ms (the
 * starter's default, 5000).
 */
public final class StaleCheckProbe {

	private StaleCheckProbe() {
	}

	public static void main(String[] args) throws Exception {
		long idleMs = (args.length > 0) ? Long.parseLong(args[0]) : 1500;
		long[] thresholds = (args.length > 1) ? Arrays.stream(args).skip(1).mapToLong(Long::parseLong).toArray()
				: new long[] { KeepAliveSettings.DEFAULTS.validateAfterInactivity().toMillis(), 5000 };
		try (BenchServer server = new BenchServer(0, 0, 0, null, null)) {
			server.start();
			String url = "http://127.0.0.1:" + server.httpPort() + "/ping";
			for (long threshold : thresholds) {
				probe(url, Duration.ofMillis(threshold), idleMs);
			}
		}
		System.exit(0);
	}

	private static void probe(String url, Duration threshold, long idleMs) throws Exception {
		KeepAliveClientSettings defaults = KeepAliveClientSettings.defaults("probe");
		KeepAliveClientSettings settings = defaults
			.withKeepAlive(defaults.keepAlive().withValidateAfterInactivity(threshold));
		try (KeepAliveHttpClient client = new KeepAliveHttpClientFactory().create(settings)) {
			for (int i = 0; i < 5000; i++) {
				get(client, url);
			}
			long[] busy = new long[200];
			for (int i = 0; i < busy.length; i++) {
				Thread.sleep(5);
				busy[i] = get(client, url);
			}
			long[] idle = new long[10];
			for (int i = 0; i < idle.length; i++) {
				Thread.sleep(idleMs);
				idle[i] = get(client, url);
			}
			Arrays.sort(busy);
			Arrays.sort(idle);
			System.out.printf(Locale.ROOT,
					"validate-after-inactivity %5d ms: after 5 ms idle %5d µs (median); after %d ms idle %5d µs "
							+ "(median, min %d, max %d)%n",
					threshold.toMillis(), busy[busy.length / 2] / 1000, idleMs, idle[idle.length / 2] / 1000,
					idle[0] / 1000, idle[idle.length - 1] / 1000);
		}
	}

	private static long get(KeepAliveHttpClient client, String url) throws Exception {
		long start = System.nanoTime();
		client.getHttpClient().execute(new HttpGet(url), (response) -> EntityUtils.toByteArray(response.getEntity()));
		return System.nanoTime() - start;
	}

}
