package io.github.keepalive.metrics;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

/**
 * Read access to the recorded lease waits of keep-alive clients, free of Micrometer types
 * so that health checks can use it whether or not Micrometer is present.
 */
@FunctionalInterface
public interface LeaseWaitPercentiles {

	/**
	 * The 99th percentile of the time callers of a client waited for a connection.
	 * @param clientName the client's name
	 * @return the percentile, or {@code null} if nothing was recorded
	 */
	@Nullable Duration leaseWaitP99(String clientName);

}
