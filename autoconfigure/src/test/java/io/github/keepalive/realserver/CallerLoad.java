package io.github.keepalive.realserver;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.ToLongFunction;

import io.github.keepalive.test.ConcurrentCallers;

import org.springframework.web.client.RestClient;

/**
 * Callers that send GETs and POSTs (half each, at random) through a {@link RestClient},
 * each with a unique {@code X-Request-Id} the server logs, pausing between requests. Every
 * caller stops at a deadline or after a number of requests, whichever comes first, and
 * every request's outcome is recorded.
 */
public final class CallerLoad {

	public static final String REQUEST_ID = "X-Request-Id";

	private static final Duration GRACE = Duration.ofSeconds(30);

	private CallerLoad() {
	}

	/**
	 * Runs the callers.
	 * @param restClient the client
	 * @param callers how many callers
	 * @param duration how long they send requests
	 * @param maxPerCaller how many requests each sends at most
	 * @param pause the pause after each request
	 * @return every request, in no particular order
	 */
	public static List<Call> run(RestClient restClient, int callers, Duration duration, int maxPerCaller, Pause pause) {
		Queue<Call> calls = new ConcurrentLinkedQueue<>();
		long deadline = System.nanoTime() + duration.toNanos();
		ConcurrentCallers.run(callers, duration.plus(GRACE), (caller) -> {
			ThreadLocalRandom random = ThreadLocalRandom.current();
			for (int i = 1; i <= maxPerCaller && System.nanoTime() - deadline < 0; i++) {
				boolean post = random.nextBoolean();
				String id = (post ? "post-" : "get-") + caller + "-" + i;
				long start = System.nanoTime();
				Throwable failure = null;
				try {
					if (post) {
						restClient.post().uri("/post").header(REQUEST_ID, id).body(id).retrieve().body(String.class);
					}
					else {
						restClient.get().uri("/get").header(REQUEST_ID, id).retrieve().body(String.class);
					}
				}
				catch (RuntimeException ex) {
					failure = ex;
				}
				Call call = new Call(id, post, start, System.nanoTime(), failure);
				calls.add(call);
				long millis = pause.millis(random, call);
				if (millis > 0) {
					Thread.sleep(millis);
				}
			}
		}).assertAllSucceeded();
		return new ArrayList<>(calls);
	}

	/**
	 * Pauses that bring every caller back at the same moments, rounds separated by a
	 * random gap: the callers then use as many connections at once as there are callers,
	 * and every connection sits idle for about the gap. With independent pauses, the LIFO
	 * pool keeps reusing the connection released last, and hardly any connection stays
	 * idle as long as its caller paused.
	 * @param gap the gap before the next round, in milliseconds
	 * @return the pause
	 */
	static Pause inRounds(ToLongFunction<ThreadLocalRandom> gap) {
		long[] nextRound = { 0 };
		return (random, call) -> {
			long now = System.nanoTime();
			long next;
			synchronized (nextRound) {
				if (nextRound[0] == 0) {
					nextRound[0] = now;
				}
				while (nextRound[0] - now <= 0) {
					nextRound[0] += TimeUnit.MILLISECONDS.toNanos(gap.applyAsLong(random));
				}
				next = nextRound[0];
			}
			return TimeUnit.NANOSECONDS.toMillis(next - now);
		};
	}

	/**
	 * One request as its caller saw it.
	 *
	 * @param id its {@code X-Request-Id}
	 * @param post whether it was a POST (else a GET)
	 * @param start when it was sent ({@link System#nanoTime()})
	 * @param end when it completed or failed
	 * @param failure what it failed with, or {@code null}
	 */
	public record Call(String id, boolean post, long start, long end, Throwable failure) {

		public boolean failed() {
			return this.failure != null;
		}

	}

	/**
	 * The pause a caller takes after a request.
	 */
	@FunctionalInterface
	public interface Pause {

		/**
		 * The pause after a request.
		 * @param random the caller's random
		 * @param call the request just made
		 * @return milliseconds
		 */
		long millis(ThreadLocalRandom random, Call call);

	}

}
