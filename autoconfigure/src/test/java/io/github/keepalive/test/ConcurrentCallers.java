package io.github.keepalive.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Runs the same call from many threads released at once, and waits a bounded time for
 * all of them.
 */
public final class ConcurrentCallers {

	private ConcurrentCallers() {
	}

	/**
	 * Runs {@code call} from {@code callers} threads at once.
	 * @param <T> the call's result type
	 * @param callers how many threads
	 * @param timeout how long to wait for all of them
	 * @param call the call
	 * @return each caller's result
	 * @throws Exception the first caller's failure, or a {@link TimeoutException}
	 */
	public static <T> List<T> run(int callers, Duration timeout, Callable<T> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(callers);
		CountDownLatch start = new CountDownLatch(1);
		try {
			List<Future<T>> futures = new ArrayList<>();
			for (int i = 0; i < callers; i++) {
				futures.add(executor.submit(() -> {
					if (!start.await(10, TimeUnit.SECONDS)) {
						throw new TimeoutException("not released");
					}
					return call.call();
				}));
			}
			start.countDown();
			long deadline = System.nanoTime() + timeout.toNanos();
			List<T> results = new ArrayList<>();
			for (Future<T> future : futures) {
				long left = Math.max(0, deadline - System.nanoTime());
				try {
					results.add(future.get(left, TimeUnit.NANOSECONDS));
				}
				catch (ExecutionException ex) {
					throw (ex.getCause() instanceof Exception cause) ? cause : ex;
				}
			}
			return results;
		}
		finally {
			executor.shutdownNow();
			executor.awaitTermination(10, TimeUnit.SECONDS);
		}
	}

}
