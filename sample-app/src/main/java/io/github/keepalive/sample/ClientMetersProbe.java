package io.github.keepalive.sample;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.keepalive.metrics.KeepAliveMeters;
import io.github.keepalive.sample.DemoReport.ClientMeters;
import io.github.keepalive.sample.DemoReport.LeaseWait;
import io.github.keepalive.sample.DemoReport.PoolGauges;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.search.Search;

/**
 * Reads one keep-alive client's meters around a demo run: what its counters gained during
 * the run, and the highest pool gauges seen while it ran.
 */
final class ClientMetersProbe {

	/** Often enough to see a busy pool; each read takes the pool's lock once. */
	private static final long SAMPLE_INTERVAL_MILLIS = 5;

	private final MeterRegistry registry;

	private final String client;

	private final Counts before;

	private final AtomicInteger peakLeased = new AtomicInteger();

	private final AtomicInteger peakPending = new AtomicInteger();

	private final ScheduledExecutorService sampler;

	private ClientMetersProbe(MeterRegistry registry, String client) {
		this.registry = registry;
		this.client = client;
		this.before = counts();
		this.sampler = Executors.newSingleThreadScheduledExecutor((task) -> {
			Thread thread = new Thread(task, "demo-meters-" + client);
			thread.setDaemon(true);
			return thread;
		});
		this.sampler.scheduleAtFixedRate(this::samplePool, 0, SAMPLE_INTERVAL_MILLIS, TimeUnit.MILLISECONDS);
	}

	/**
	 * Takes the "before" snapshot of a client's meters and starts watching its pool.
	 * @param registry the registry the starter's meters are in
	 * @param client the client's name, as in the meters' {@code client} tag
	 * @return the probe, to {@link #finish() finish} once the run is over
	 */
	static ClientMetersProbe start(MeterRegistry registry, String client) {
		return new ClientMetersProbe(registry, client);
	}

	/**
	 * Stops watching the pool and takes the "after" snapshot.
	 * @return what the meters counted during the run
	 */
	ClientMeters finish() {
		this.sampler.shutdownNow();
		samplePool();
		Counts after = counts();
		long opened = after.opened - this.before.opened;
		long requests = after.requests - this.before.requests;
		Map<String, Long> closed = new TreeMap<>();
		after.closed.forEach((reason, count) -> {
			long gained = count - this.before.closed.getOrDefault(reason, 0L);
			if (gained > 0) {
				closed.put(reason, gained);
			}
		});
		long closedServed = after.closedServedCount - this.before.closedServedCount;
		double closedServedTotal = after.closedServedTotal - this.before.closedServedTotal;
		long leases = after.leases - this.before.leases;
		double leaseMillis = after.leaseMillis - this.before.leaseMillis;
		LeaseWait leaseWait = new LeaseWait(leases, (leases > 0) ? round(leaseMillis / leases, 3) : 0,
				after.leaseTimeouts - this.before.leaseTimeouts);
		PoolGauges pool = new PoolGauges(gauge(KeepAliveMeters.POOL_MAX), this.peakLeased.get(),
				this.peakPending.get(), gauge(KeepAliveMeters.POOL_LEASED), gauge(KeepAliveMeters.POOL_AVAILABLE),
				gauge(KeepAliveMeters.POOL_PENDING));
		return new ClientMeters(opened, requests, (opened > 0) ? round((double) requests / opened, 1) : null,
				closed, (closedServed > 0) ? round(closedServedTotal / closedServed, 1) : null, leaseWait, pool);
	}

	private void samplePool() {
		this.peakLeased.accumulateAndGet(gauge(KeepAliveMeters.POOL_LEASED), Math::max);
		this.peakPending.accumulateAndGet(gauge(KeepAliveMeters.POOL_PENDING), Math::max);
	}

	private Counts counts() {
		Map<String, Long> closed = new TreeMap<>();
		for (Counter counter : find(KeepAliveMeters.CONNECTIONS_CLOSED).counters()) {
			closed.put(counter.getId().getTag("reason"), (long) counter.count());
		}
		DistributionSummary served = find(KeepAliveMeters.CONNECTION_REQUESTS).summary();
		Timer acquired = find(KeepAliveMeters.POOL_LEASE_WAIT).tag("outcome", "acquired").timer();
		Timer timedOut = find(KeepAliveMeters.POOL_LEASE_WAIT).tag("outcome", "timeout").timer();
		return new Counts(counter(KeepAliveMeters.CONNECTIONS_OPENED), counter(KeepAliveMeters.REQUESTS), closed,
				(served != null) ? served.count() : 0, (served != null) ? served.totalAmount() : 0,
				(acquired != null) ? acquired.count() : 0,
				(acquired != null) ? acquired.totalTime(TimeUnit.MILLISECONDS) : 0,
				(timedOut != null) ? timedOut.count() : 0);
	}

	private long counter(String name) {
		Counter counter = find(name).counter();
		return (counter != null) ? (long) counter.count() : 0;
	}

	private int gauge(String name) {
		Gauge gauge = find(name).gauge();
		return (gauge != null) ? (int) gauge.value() : 0;
	}

	private Search find(String name) {
		return this.registry.find(name).tag("client", this.client);
	}

	private static double round(double value, int decimals) {
		double scale = Math.pow(10, decimals);
		return Math.round(value * scale) / scale;
	}

	/**
	 * The client's counters at one moment.
	 */
	private record Counts(long opened, long requests, Map<String, Long> closed, long closedServedCount,
			double closedServedTotal, long leases, double leaseMillis, long leaseTimeouts) {

	}

}
