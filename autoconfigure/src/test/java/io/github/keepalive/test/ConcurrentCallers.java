package io.github.keepalive.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs callers on platform threads that start together and are bounded in time: a
 * caller still running at the deadline is interrupted and reported as timed out.
 * {@link #results} instead returns every caller's result and rethrows the first failure.
 */
public final class ConcurrentCallers {

	private ConcurrentCallers() {
	}

	/**
	 * Runs {@code callers} callers at once on their own threads.
	 * @param callers how many callers
	 * @param timeout how long they may take together
	 * @param caller what each caller does, given its index
	 * @return what happened
	 */
	public static Outcome run(int callers, Duration timeout, Caller caller) {
		ExecutorService executor = Executors.newFixedThreadPool(callers, daemonThreads("caller-"));
		return run(executor, callers, timeout, caller);
	}

	/**
	 * Runs {@code callers} callers on the given executor, which is shut down afterwards.
	 * @param executor the executor
	 * @param callers how many callers
	 * @param timeout how long they may take together
	 * @param caller what each caller does, given its index
	 * @return what happened
	 */
	public static Outcome run(ExecutorService executor, int callers, Duration timeout, Caller caller) {
		CountDownLatch start = new CountDownLatch(1);
		List<Callable<Void>> tasks = new ArrayList<>();
		for (int i = 0; i < callers; i++) {
			int index = i;
			tasks.add(() -> {
				start.await();
				caller.call(index);
				return null;
			});
		}
		long begin = System.nanoTime();
		try {
			List<Future<Void>> futures = new ArrayList<>();
			for (Callable<Void> task : tasks) {
				futures.add(executor.submit(task));
			}
			start.countDown();
			List<Throwable> failures = new ArrayList<>();
			int timedOut = 0;
			long deadline = begin + timeout.toNanos();
			for (Future<Void> future : futures) {
				try {
					future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
				}
				catch (ExecutionException ex) {
					failures.add(ex.getCause());
				}
				catch (TimeoutException | CancellationException ex) {
					future.cancel(true);
					timedOut++;
				}
			}
			return new Outcome(callers, failures, timedOut, Duration.ofNanos(System.nanoTime() - begin));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new AssertionError("Interrupted", ex);
		}
		finally {
			executor.shutdownNow();
			try {
				executor.awaitTermination(10, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
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
	public static <T> List<T> results(int callers, Duration timeout, Callable<T> call) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(callers, daemonThreads("caller-"));
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

	static ThreadFactory daemonThreads(String prefix) {
		AtomicInteger count = new AtomicInteger();
		return (runnable) -> {
			Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

	/**
	 * What one caller does.
	 */
	@FunctionalInterface
	public interface Caller {

		/**
		 * Makes the caller's calls.
		 * @param index the caller's index, from 0
		 * @throws Exception on failure
		 */
		void call(int index) throws Exception;

	}

	/**
	 * What happened to a group of callers.
	 *
	 * @param callers how many callers ran
	 * @param failures what the failed callers threw
	 * @param timedOut how many callers were still running at the deadline
	 * @param elapsed how long they took
	 */
	public record Outcome(int callers, List<Throwable> failures, int timedOut, Duration elapsed) {

		/**
		 * Fails unless every caller completed without an exception in time.
		 * @return this outcome
		 */
		public Outcome assertAllSucceeded() {
			if (this.timedOut > 0 || !this.failures.isEmpty()) {
				AssertionError error = new AssertionError(this.timedOut + " of " + this.callers
						+ " callers timed out and " + this.failures.size() + " failed after " + this.elapsed);
				this.failures.stream().limit(5).forEach(error::addSuppressed);
				throw error;
			}
			return this;
		}

	}

}
