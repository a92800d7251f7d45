package io.github.keepalive.benchmarks.client;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

import io.github.keepalive.benchmarks.CellResult;
import io.github.keepalive.benchmarks.server.ServerStats;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load generator: N caller threads, each sending its next request as soon as
 * the last one is answered, for a warm-up and then a measurement window (whose requests
 * may go to another URL: a server that degrades mid-run). Only requests that complete
 * inside the window count, and their latencies go into an HdrHistogram. A timeline thread
 * records, every {@link CellResult.Tick#MILLIS} ms from the start, the client's adaptive
 * limit and the requests completed. Bounded in time (the window plus the longest request)
 * and in count.
 * <p>
 * One loop may run several times on the same client: the slices of a cell whose clients
 * take turns ({@code --slices}). {@link #total} then adds up the slices' windows, with the
 * percentiles of all their latencies together.
 */
public final class LoadLoop {

	private static final int WARMUP = 0;

	private static final int MEASURE = 1;

	private static final int STOP = 2;

	private static final long HIGHEST_LATENCY_NANOS = TimeUnit.SECONDS.toNanos(120);

	/** Requests one caller sends at most in a cell, whatever the durations. */
	static final long MAX_REQUESTS_PER_CALLER = 20_000_000;

	private final ClientUnderTest client;

	private final String measureUrl;

	private volatile String url;

	private final int expectedBodySize;

	private final int callers;

	private volatile int phase = WARMUP;

	private final AtomicReference<Throwable> firstError = new AtomicReference<>();

	private final LongAdder tickRequests = new LongAdder();

	private final LongAdder tickLatencyNanos = new LongAdder();

	// the latencies of every window this loop has measured, for the total of its slices
	private final Histogram windows = new Histogram(HIGHEST_LATENCY_NANOS, 3);

	/**
	 * A load loop.
	 * @param client the client to drive
	 * @param url the URL to GET in the warm-up
	 * @param measureUrl the URL to GET in the measurement window
	 * @param expectedBodySize the body size a correct answer has
	 * @param callers the number of caller threads
	 */
	public LoadLoop(ClientUnderTest client, String url, String measureUrl, int expectedBodySize, int callers) {
		this.client = client;
		this.url = url;
		this.measureUrl = measureUrl;
		this.expectedBodySize = expectedBodySize;
		this.callers = callers;
	}

	/**
	 * Runs the warm-up and the measurement window.
	 * @param warmup how long to run before measuring
	 * @param measure how long to measure
	 * @param stats the server's counters, read at the edges of the window
	 * @param acceptsAtStart the server's accept count before the client was created
	 * @return the result, with empty variant, scenario and round
	 * @throws IOException if the server's counters cannot be read
	 * @throws InterruptedException if interrupted
	 */
	public CellResult run(Duration warmup, Duration measure, ServerStats stats, long acceptsAtStart)
			throws IOException, InterruptedException {
		return run(warmup, measure, stats, acceptsAtStart, WindowListener.NONE);
	}

	/**
	 * Runs the warm-up and the measurement window, telling a listener when the window
	 * starts and ends.
	 * @param warmup how long to run before measuring
	 * @param measure how long to measure
	 * @param stats the server's counters, read at the edges of the window
	 * @param acceptsAtStart the server's accept count before the client was created
	 * @param listener told of the window's edges
	 * @return the result, with empty variant, scenario and round
	 * @throws IOException if the server's counters cannot be read, or the listener fails
	 * @throws InterruptedException if interrupted
	 */
	public CellResult run(Duration warmup, Duration measure, ServerStats stats, long acceptsAtStart,
			WindowListener listener) throws IOException, InterruptedException {
		this.phase = WARMUP;
		List<Caller> threads = startCallers();
		List<CellResult.Tick> timeline = new ArrayList<>();
		Thread ticker = ticker(timeline);
		boolean stopped = false;
		try {
			Thread.sleep(warmup.toMillis());
			listener.windowStarted();
			ServerStats.Snapshot before = stats.read();
			long cpuBefore = processCpuNanos();
			long jitBefore = JvmThreadsCpu.jitNanos();
			long gcBefore = JvmThreadsCpu.gcNanos();
			long start = System.nanoTime();
			this.url = this.measureUrl;
			this.phase = MEASURE;
			Thread.sleep(measure.toMillis());
			this.phase = STOP;
			long end = System.nanoTime();
			long cpuAfter = processCpuNanos();
			long jitAfter = JvmThreadsCpu.jitNanos();
			long gcAfter = JvmThreadsCpu.gcNanos();
			ServerStats.Snapshot after = stats.read();
			listener.windowEnded();
			stopped = true;
			joinAll(threads);
			ticker.join(1000);
			Histogram histogram = new Histogram(HIGHEST_LATENCY_NANOS, 3);
			long requests = 0;
			long errors = 0;
			for (Caller caller : threads) {
				histogram.add(caller.histogram);
				requests += caller.requests;
				errors += caller.errors;
			}
			this.windows.add(histogram);
			Throwable error = this.firstError.get();
			if (error != null) {
				System.err.println("First error of " + errors + " at " + this.url + ": " + error);
			}
			return new CellResult("", "", this.callers, 0, requests, errors, (end - start) / 1e9,
					percentileUs(histogram, 50), percentileUs(histogram, 99), percentileUs(histogram, 99.9),
					percentileUs(histogram, 100), cpuAfter - cpuBefore,
					(jitBefore >= 0 && jitAfter >= 0) ? jitAfter - jitBefore : -1,
					(gcBefore >= 0 && gcAfter >= 0) ? gcAfter - gcBefore : -1,
					(before.cpuNanos() >= 0 && after.cpuNanos() >= 0) ? after.cpuNanos() - before.cpuNanos() : -1,
					after.accepts() - before.accepts(), after.accepts() - acceptsAtStart,
					this.client.maxConnectionsPerRoute(),
					(before.delayNanos() >= 0 && after.delayNanos() >= 0) ? after.delayNanos() - before.delayNanos() : -1,
					timeline);
		}
		finally {
			if (!stopped) {
				this.phase = STOP;
				joinAll(threads);
			}
		}
	}

	/**
	 * Loads the client for a while without measuring: the warm-up of a cell whose window
	 * comes in slices.
	 * @param duration how long
	 * @throws InterruptedException if interrupted
	 */
	public void warmUp(Duration duration) throws InterruptedException {
		this.phase = WARMUP;
		List<Caller> threads = startCallers();
		try {
			Thread.sleep(duration.toMillis());
		}
		finally {
			this.phase = STOP;
			joinAll(threads);
		}
	}

	/**
	 * The slices this loop ran, as one cell: their windows' requests, time, CPU and server
	 * counters added up, and the percentiles of all their latencies.
	 * @param slices the results of {@link #run}, one a slice
	 * @param acceptsCell the connections the server accepted while this client was loaded,
	 * warm-up and slices together
	 * @return the cell, with empty variant, scenario and round
	 */
	public CellResult total(List<CellResult> slices, long acceptsCell) {
		long requests = 0;
		long errors = 0;
		double seconds = 0;
		long cpu = 0;
		long jit = 0;
		long gc = 0;
		long serverCpu = 0;
		long acceptsWindow = 0;
		long serverDelay = 0;
		List<CellResult.Tick> timeline = new ArrayList<>();
		for (CellResult slice : slices) {
			requests += slice.requests();
			errors += slice.errors();
			seconds += slice.seconds();
			cpu += slice.clientCpuNanos();
			jit = sumIfKnown(jit, slice.jitCpuNanos());
			gc = sumIfKnown(gc, slice.gcCpuNanos());
			serverCpu = sumIfKnown(serverCpu, slice.serverCpuNanos());
			serverDelay = sumIfKnown(serverDelay, slice.serverDelayNanos());
			acceptsWindow += slice.acceptsWindow();
			timeline.addAll(slice.timeline());
		}
		return new CellResult("", "", this.callers, 0, requests, errors, seconds, percentileUs(this.windows, 50),
				percentileUs(this.windows, 99), percentileUs(this.windows, 99.9), percentileUs(this.windows, 100), cpu,
				jit, gc, serverCpu, acceptsWindow, acceptsCell, this.client.maxConnectionsPerRoute(), serverDelay,
				timeline);
	}

	// a latency percentile in microseconds (100: the highest), NaN without any latency
	private static double percentileUs(Histogram histogram, double percentile) {
		if (histogram.getTotalCount() == 0) {
			return Double.NaN;
		}
		return ((percentile >= 100) ? histogram.getMaxValue() : histogram.getValueAtPercentile(percentile)) / 1e3;
	}

	// -1 stands for unknown, and a sum with an unknown part is unknown
	private static long sumIfKnown(long sum, long value) {
		return (sum < 0 || value < 0) ? -1 : sum + value;
	}

	/**
	 * Sends {@code requests} GETs one after the other on the calling thread, each reading
	 * the whole body.
	 * @param client the client
	 * @param url the URL
	 * @param expectedBodySize the body size a correct answer has
	 * @param requests how many requests
	 * @return how many failed (an error, another status or another body size)
	 */
	public static long sequential(ClientUnderTest client, String url, int expectedBodySize, long requests) {
		long failed = 0;
		for (long i = 0; i < Math.min(requests, MAX_REQUESTS_PER_CALLER); i++) {
			try {
				byte[] body = client.get(url);
				if (body == null || body.length != expectedBodySize) {
					failed++;
				}
			}
			catch (Exception ex) {
				failed++;
			}
		}
		return failed;
	}

	/**
	 * Told when the measurement window starts and ends, e.g. to profile only the window.
	 */
	public interface WindowListener {

		/** Tells nothing. */
		WindowListener NONE = new WindowListener() {
		};

		/**
		 * The window starts.
		 * @throws IOException on failure
		 */
		default void windowStarted() throws IOException {
		}

		/**
		 * The window has ended.
		 * @throws IOException on failure
		 */
		default void windowEnded() throws IOException {
		}

	}

	private Thread ticker(List<CellResult.Tick> timeline) {
		Thread ticker = new Thread(() -> {
			long start = System.nanoTime();
			for (int tick = 1; this.phase != STOP; tick++) {
				long due = start + TimeUnit.MILLISECONDS.toNanos((long) tick * CellResult.Tick.MILLIS);
				for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
					LockSupport.parkNanos(wait);
				}
				long requests = this.tickRequests.sumThenReset();
				long latency = this.tickLatencyNanos.sumThenReset();
				timeline.add(new CellResult.Tick(this.client.currentLimit(), requests,
						(requests > 0) ? latency / 1e3 / requests : Double.NaN));
			}
		}, "timeline");
		ticker.setDaemon(true);
		ticker.start();
		return ticker;
	}

	private List<Caller> startCallers() {
		List<Caller> threads = new ArrayList<>();
		for (int i = 0; i < this.callers; i++) {
			Caller caller = new Caller(i);
			threads.add(caller);
			caller.start();
		}
		return threads;
	}

	private static void joinAll(List<Caller> threads) throws InterruptedException {
		// A request in flight ends within the client's read timeout (30 s at most here)
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		for (Caller caller : threads) {
			long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
			caller.join(Math.max(1, left));
			if (caller.isAlive()) {
				caller.interrupt();
				System.err.println("Caller " + caller.getName() + " still busy after 60 s");
			}
		}
	}

	static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		throw new IllegalStateException("com.sun.management.OperatingSystemMXBean is required");
	}

	private final class Caller extends Thread {

		final Histogram histogram = new Histogram(HIGHEST_LATENCY_NANOS, 3);

		long requests;

		long errors;

		Caller(int index) {
			super("caller-" + index);
			setDaemon(true);
		}

		@Override
		public void run() {
			LoadLoop loop = LoadLoop.this;
			for (long sent = 0; sent < MAX_REQUESTS_PER_CALLER && loop.phase != STOP; sent++) {
				long start = System.nanoTime();
				boolean ok;
				try {
					byte[] body = loop.client.get(loop.url);
					ok = body != null && body.length == loop.expectedBodySize;
					if (!ok) {
						loop.firstError.compareAndSet(null, new IOException(
								"Unexpected body size " + ((body != null) ? body.length : -1)));
					}
				}
				catch (Exception ex) {
					ok = false;
					loop.firstError.compareAndSet(null, ex);
				}
				long latency = System.nanoTime() - start;
				if (ok) {
					loop.tickRequests.increment();
					loop.tickLatencyNanos.add(latency);
				}
				if (loop.phase == MEASURE) {
					if (ok) {
						this.histogram.recordValue(Math.min(latency, HIGHEST_LATENCY_NANOS));
						this.requests++;
					}
					else {
						this.errors++;
					}
				}
				if (!ok) {
					pause(); // do not spin on a failing server
				}
			}
		}

		private void pause() {
			try {
				Thread.sleep(1);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}

	}

}
