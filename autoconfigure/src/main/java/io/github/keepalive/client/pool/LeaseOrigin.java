package io.github.keepalive.client.pool;

import java.util.Arrays;

/**
 * Where a connection was leased: the caller's stack and thread, captured at lease time
 * while leak detection is on. Capturing fills in the stack only; turning it into frames,
 * which costs more, is left until a leak is reported.
 */
final class LeaseOrigin extends Exception {

	private static final long serialVersionUID = 1L;

	// the pool, HttpClient and Spring's HTTP clients: the frames between the lease and its caller
	private static final String[] LIBRARY_PACKAGES = { "io.github.keepalive.client.", "org.apache.hc.",
			"org.springframework.http.", "org.springframework.web.client.", "org.springframework.web.service.",
			"org.springframework.aop.", "io.micrometer.", "jdk.proxy", "java.lang.reflect.", "jdk.internal.reflect." };

	private final String threadName;

	private int omittedFrames;

	LeaseOrigin(String threadName) {
		super(null, null, false, true);
		this.threadName = threadName;
	}

	String threadName() {
		return this.threadName;
	}

	@Override
	public String getMessage() {
		String omitted = (this.omittedFrames > 0) ? " (" + this.omittedFrames
				+ " frames of the pool, HttpClient and Spring above the caller omitted)" : "";
		return "Connection leased here by thread '" + this.threadName + "'" + omitted;
	}

	/**
	 * Drops the frames of the pool, HttpClient and Spring's HTTP clients above the first
	 * frame of the caller's own code, so that the trace starts where the caller leased the
	 * connection. Keeps the whole trace if no frame is the caller's.
	 * @return this origin
	 */
	LeaseOrigin trimmedToCaller() {
		StackTraceElement[] frames = getStackTrace();
		int first = 0;
		while (first < frames.length && isLibrary(frames[first].getClassName())) {
			first++;
		}
		if (first > 0 && first < frames.length) {
			setStackTrace(Arrays.copyOfRange(frames, first, frames.length));
			this.omittedFrames = first;
		}
		return this;
	}

	private static boolean isLibrary(String className) {
		for (String library : LIBRARY_PACKAGES) {
			if (className.startsWith(library)) {
				return true;
			}
		}
		return false;
	}

}
