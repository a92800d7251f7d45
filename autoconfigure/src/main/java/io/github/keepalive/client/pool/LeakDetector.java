package io.github.keepalive.client.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.io.ConnectionEndpoint;
import org.jspecify.annotations.Nullable;

/**
 * Finds connections leased for longer than a threshold, as HikariCP's leak detection
 * does for database connections: each lease records where it was taken, and a periodic
 * {@link #check()} on a shared thread reports every lease older than the threshold once,
 * with a WARN naming the client, the route and how long it has been held, and the stack
 * of the code that leased it. A reported lease that is released later is logged once at
 * INFO. No thread or timer per lease.
 */
public final class LeakDetector {

	private static final Log logger = LogFactory.getLog(LeakDetector.class);

	private final String clientName;

	private final Duration threshold;

	private final long thresholdNanos;

	private final String thresholdName;

	private final PoolListener listener;

	private final Set<LeasedEndpoint> leased = ConcurrentHashMap.newKeySet();

	/**
	 * Creates a detector.
	 * @param clientName the client's name, for the log
	 * @param threshold how long a connection may stay leased before it is reported
	 * @param thresholdName the threshold's name in the log, e.g. its property
	 * @param listener told of each leak
	 */
	public LeakDetector(String clientName, Duration threshold, String thresholdName, PoolListener listener) {
		this.clientName = clientName;
		this.threshold = threshold;
		this.thresholdNanos = threshold.toNanos();
		this.thresholdName = thresholdName;
		this.listener = listener;
	}

	/**
	 * How long a connection may stay leased before it is reported.
	 * @return the threshold
	 */
	public Duration threshold() {
		return this.threshold;
	}

	LeasedEndpoint track(ConnectionEndpoint endpoint, RouteState route, @Nullable String exchangeId,
			long leasedAtNanos) {
		LeasedEndpoint lease = new LeasedEndpoint(endpoint, route, exchangeId, leasedAtNanos,
				new LeaseOrigin(Thread.currentThread().getName()));
		this.leased.add(lease);
		return lease;
	}

	void released(LeasedEndpoint lease) {
		this.leased.remove(lease);
		if (lease.markReleased()) {
			long held = System.nanoTime() - lease.leasedAtNanos();
			logger.info("Keep-alive client '" + this.clientName + "': the connection to " + RouteNames.of(lease.route())
					+ " reported as a probable leak was released after " + millis(held) + " (leased by thread '"
					+ originOf(lease).threadName() + "')");
		}
	}

	/**
	 * Reports each lease held for longer than the threshold that was not reported yet.
	 */
	public void check() {
		long now = System.nanoTime();
		for (LeasedEndpoint lease : this.leased) {
			long held = now - lease.leasedAtNanos();
			if (held >= this.thresholdNanos && lease.markReported()) {
				report(lease, held);
			}
		}
	}

	private void report(LeasedEndpoint lease, long heldNanos) {
		LeaseOrigin origin = originOf(lease).trimmedToCaller();
		logger.warn("Keep-alive client '" + this.clientName + "': a connection to " + RouteNames.of(lease.route())
				+ " has been held for " + millis(heldNanos) + " by thread '" + origin.threadName()
				+ "', longer than " + this.thresholdName + " (" + millis(this.thresholdNanos)
				+ "); probable leak, leased at:", origin);
		this.listener.leakDetected(lease.route(), Duration.ofNanos(heldNanos));
	}

	/**
	 * The leases held for longer than the threshold now, oldest first, their age in whole
	 * milliseconds.
	 * @return the leases
	 */
	public List<LeakedLease> leaks() {
		long now = System.nanoTime();
		List<LeakedLease> leaks = new ArrayList<>();
		for (LeasedEndpoint lease : this.leased) {
			long held = now - lease.leasedAtNanos();
			if (held >= this.thresholdNanos) {
				leaks.add(new LeakedLease(RouteNames.of(lease.route()), Duration.ofMillis(held / 1_000_000),
						originOf(lease).threadName()));
			}
		}
		leaks.sort(Comparator.comparing(LeakedLease::age).reversed());
		return leaks;
	}

	private static LeaseOrigin originOf(LeasedEndpoint lease) {
		// every lease this detector tracks was created with its origin
		return Objects.requireNonNull(lease.origin());
	}

	private static String millis(long nanos) {
		return Duration.ofNanos(nanos).toMillis() + " ms";
	}

}
