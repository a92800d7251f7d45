package io.github.keepalive.client.pool;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Raises a recorded peak. The peak is read first and written only when the value tops it:
 * most values do not, and a compare-and-set on every record would bounce the peak's cache
 * line between the callers.
 */
final class Peaks {

	private Peaks() {
	}

	static void raise(AtomicInteger peak, int value) {
		if (value > peak.get()) {
			peak.accumulateAndGet(value, Math::max);
		}
	}

	static void raise(AtomicLong peak, long value) {
		if (value > peak.get()) {
			peak.accumulateAndGet(value, Math::max);
		}
	}

}
