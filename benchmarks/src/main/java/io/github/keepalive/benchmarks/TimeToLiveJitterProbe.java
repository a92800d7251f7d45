package io.github.keepalive.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.github.keepalive.benchmarks.server.BenchServer;
import io.github.keepalive.client.ClientObserver;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * What {@code keep-alive.time-to-live-jitter} does to the reconnects of one instance whose
 * 50 connections open in the same second (a deploy, a warm-up): 50 callers keep every
 * connection busy for a few time-to-lives, and the probe records when each new connection
 * opens. Without jitter the whole pool reconnects at once, every time-to-live; with it the
 * reconnects spread. Against an in-process {@link BenchServer} on 127.0.0.1. Arguments
 * (optional): the time-to-live in seconds (6), the generations to run (3), the jitters in
 * percent of the time-to-live (0 5 10 25).
 */
public final class TimeToLiveJitterProbe {

	private static final int CONNECTIONS = 50;

	private TimeToLiveJitterProbe() {
	}

	public static void main(String[] args) throws Exception {
		Duration timeToLive = Duration.ofSeconds((args.length > 0) ? Long.parseLong(args[0]) : 6);
		int generations = (args.length > 1) ? Integer.parseInt(args[1]) : 3;
		int[] percents = (args.length > 2) ? Arrays.stream(args).skip(2).mapToInt(Integer::parseInt).toArray()
				: new int[] { 0, 5, 10, 25 };
		try (BenchServer server = new BenchServer(0, 0, 0, null, null)) {
			server.start();
			String url = "http://127.0.0.1:" + server.httpPort() + "/ping?delay=50";
			System.out.printf(Locale.ROOT, "%d connections opened together, time-to-live %d s, %d generations, "
					+ "%d cores:%n", CONNECTIONS, timeToLive.toSeconds(), generations,
					Runtime.getRuntime().availableProcessors());
			System.out.println("| jitter | 1st generation spread | 2nd generation spread | most reconnects in "
					+ "100 ms | most in 1 s | connections opened |");
			System.out.println("|---|---|---|---|---|---|");
			for (int percent : percents) {
				run(url, timeToLive, generations, timeToLive.multipliedBy(percent).dividedBy(100), percent);
			}
		}
		System.exit(0);
	}

	private static void run(String url, Duration timeToLive, int generations, Duration jitter, int percent)
			throws Exception {
		List<Long> opened = new CopyOnWriteArrayList<>();
		ClientObserver observer = new ClientObserver() {

			@Override
			public void connectionOpened() {
				opened.add(System.nanoTime());
			}

		};
		KeepAliveClientSettings defaults = KeepAliveClientSettings.defaults("jitter");
		KeepAliveClientSettings settings = defaults
			.withKeepAlive(defaults.keepAlive().withTimeToLive(timeToLive, jitter));
		AtomicLong failures = new AtomicLong();
		try (KeepAliveHttpClient client = new KeepAliveHttpClientFactory().withObservers(List.of((name) -> observer))
			.create(settings)) {
			long end = System.nanoTime() + timeToLive.multipliedBy(generations).plusSeconds(1).toNanos();
			CountDownLatch go = new CountDownLatch(1);
			List<Thread> callers = new ArrayList<>();
			for (int i = 0; i < CONNECTIONS; i++) {
				Thread caller = new Thread(() -> call(client, url, go, end, failures));
				callers.add(caller);
				caller.start();
			}
			go.countDown();
			for (Thread caller : callers) {
				caller.join();
			}
		}
		long[] times = opened.stream().mapToLong(Long::longValue).sorted().toArray();
		long[] reconnects = Arrays.copyOfRange(times, CONNECTIONS, times.length);
		System.out.printf(Locale.ROOT, "| %d %% (%,d ms) | %,d ms | %,d ms | %d | %d | %d%s |%n", percent,
				jitter.toMillis(), spread(reconnects, 0), spread(reconnects, CONNECTIONS),
				mostWithin(reconnects, 100), mostWithin(reconnects, 1000), times.length,
				(failures.get() > 0) ? " (" + failures.get() + " failed requests)" : "");
	}

	private static void call(KeepAliveHttpClient client, String url, CountDownLatch go, long end,
			AtomicLong failures) {
		try {
			go.await();
			while (System.nanoTime() - end < 0) {
				try {
					client.getHttpClient()
						.execute(new HttpGet(url), (response) -> EntityUtils.toByteArray(response.getEntity()));
				}
				catch (java.io.IOException ex) {
					failures.incrementAndGet();
				}
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** The time between the first and the last of {@code CONNECTIONS} reconnects. */
	private static long spread(long[] reconnects, int from) {
		if (reconnects.length < from + CONNECTIONS) {
			return -1;
		}
		return (reconnects[from + CONNECTIONS - 1] - reconnects[from]) / 1_000_000;
	}

	/** The most reconnects within any window of the given length. */
	private static int mostWithin(long[] reconnects, long windowMillis) {
		int most = 0;
		int first = 0;
		for (int last = 0; last < reconnects.length; last++) {
			while (reconnects[last] - reconnects[first] >= windowMillis * 1_000_000) {
				first++;
			}
			most = Math.max(most, last - first + 1);
		}
		return most;
	}

}
