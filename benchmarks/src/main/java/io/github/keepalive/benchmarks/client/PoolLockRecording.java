package io.github.keepalive.benchmarks.client;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedStackTrace;
import jdk.jfr.consumer.RecordingFile;

/**
 * A JFR recording of the time threads spend blocked on HttpClient's connection pool, over a
 * measurement window: {@code jdk.ThreadPark}, {@code jdk.JavaMonitorEnter} and
 * {@code jdk.JavaMonitorWait} events, each recorded from the given threshold on with its
 * stack trace. An event with a frame of {@code org.apache.hc.core5.pool} is time on the
 * pool's lock; one with a frame of the lease's {@code BasicFuture.get} (and none of the
 * pool) is time waiting for a connection to be released.
 */
final class PoolLockRecording implements AutoCloseable {

	/** The package of HttpClient's pools (StrictConnPool, LaxConnPool, RouteSegmentedConnPool). */
	static final String POOL_PACKAGE = "org.apache.hc.core5.pool.";

	/** The future a lease waits on until the pool hands it a connection. */
	static final String LEASE_FUTURE = "org.apache.hc.core5.concurrent.BasicFuture";

	private final Recording recording = new Recording();

	private final Path file;

	/**
	 * Configures a recording; {@link #start()} starts it.
	 * @param file where to write the recording
	 * @param threshold the shortest park or wait recorded
	 */
	PoolLockRecording(Path file, Duration threshold) {
		this.file = file;
		for (String event : new String[] { "jdk.ThreadPark", "jdk.JavaMonitorEnter", "jdk.JavaMonitorWait" }) {
			this.recording.enable(event).withThreshold(threshold).withStackTrace();
		}
		// where the callers' CPU goes, for a profile of each piece on the request path
		this.recording.enable("jdk.ExecutionSample").withPeriod(Duration.ofMillis(1));
		this.recording.setToDisk(true);
	}

	void start() {
		this.recording.start();
	}

	/**
	 * Stops the recording, writes it and sums its events.
	 * @return the time blocked on the pool
	 * @throws IOException if the recording cannot be written or read
	 */
	Parking stop() throws IOException {
		this.recording.stop();
		this.recording.dump(this.file);
		long lockNanos = 0;
		long lockEvents = 0;
		long waitNanos = 0;
		try (RecordingFile events = new RecordingFile(this.file)) {
			while (events.hasMoreEvents()) {
				RecordedEvent event = events.readEvent();
				long nanos = event.getDuration().toNanos();
				if (hasFrame(event.getStackTrace(), POOL_PACKAGE, null)) {
					lockNanos += nanos;
					lockEvents++;
				}
				else if (hasFrame(event.getStackTrace(), LEASE_FUTURE, "get")) {
					waitNanos += nanos;
				}
			}
		}
		return new Parking(lockNanos, lockEvents, waitNanos);
	}

	private static boolean hasFrame(RecordedStackTrace stackTrace, String typePrefix, String method) {
		if (stackTrace == null) {
			return false;
		}
		for (RecordedFrame frame : stackTrace.getFrames()) {
			if (frame.isJavaFrame() && frame.getMethod().getType().getName().startsWith(typePrefix)
					&& (method == null || frame.getMethod().getName().equals(method))) {
				return true;
			}
		}
		return false;
	}

	@Override
	public void close() {
		this.recording.close();
	}

	/**
	 * What a recording summed.
	 *
	 * @param lockNanos time parked or blocked on the pool's lock, all threads together
	 * @param lockEvents how many parks or blocks that was
	 * @param waitNanos time waiting for a connection of the pool, all threads together
	 */
	record Parking(long lockNanos, long lockEvents, long waitNanos) {

	}

}
