package io.github.keepalive.client;

import java.time.Duration;

import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * Durations of the settings as HttpClient's config objects take them.
 */
final class HttpClientDurations {

	private HttpClientDurations() {
	}

	static TimeValue timeValue(Duration duration) {
		return TimeValue.ofMilliseconds(duration.toMillis());
	}

	static Timeout timeout(Duration duration) {
		return Timeout.ofMilliseconds(duration.toMillis());
	}

}
