package io.github.keepalive.actuate;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.metrics.LeaseWaitPercentiles;
import org.apache.hc.core5.pool.PoolStats;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of keep-alive pools: each client's leased / max, available and pending, and
 * whether callers have been waiting for a connection for longer than the saturation
 * period. A saturated pool is reported in the details; the status stays UP unless
 * configured otherwise, since a busy pool is no reason to restart an instance.
 */
public class KeepAliveHealthIndicator extends AbstractHealthIndicator {

	private final KeepAliveClients clients;

	private final Duration saturationPeriod;

	private final Status saturatedStatus;

	private final LeaseWaitPercentiles leaseWaits;

	private final Clock clock;

	private final Map<String, Instant> waitingSince = new ConcurrentHashMap<>();

	/**
	 * Creates an indicator.
	 * @param clients the clients
	 * @param saturationPeriod how long callers must have been waiting for a pool to count
	 * as saturated
	 * @param saturatedStatus the status to report while a pool is saturated
	 * @param leaseWaits the recorded lease waits
	 * @param clock the clock
	 */
	public KeepAliveHealthIndicator(KeepAliveClients clients, Duration saturationPeriod, Status saturatedStatus,
			LeaseWaitPercentiles leaseWaits, Clock clock) {
		super("Keep-alive health check failed");
		this.clients = clients;
		this.saturationPeriod = saturationPeriod;
		this.saturatedStatus = saturatedStatus;
		this.leaseWaits = leaseWaits;
		this.clock = clock;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean anySaturated = false;
		Map<String, Object> details = new LinkedHashMap<>();
		for (KeepAliveHttpClient client : this.clients.getAll()) {
			PoolStats stats = client.getConnectionManager().getTotalStats();
			boolean saturated = isSaturated(client.getName(), stats.getPending() > 0);
			anySaturated |= saturated;
			Map<String, Object> clientDetails = new LinkedHashMap<>();
			clientDetails.put("leased", stats.getLeased());
			clientDetails.put("max", stats.getMax());
			clientDetails.put("available", stats.getAvailable());
			clientDetails.put("pending", stats.getPending());
			clientDetails.put("saturated", saturated);
			Duration p99 = this.leaseWaits.leaseWaitP99(client.getName());
			if (p99 != null) {
				clientDetails.put("leaseWaitP99", p99.toString());
			}
			details.put(client.getName(), clientDetails);
		}
		builder.status(anySaturated ? this.saturatedStatus : Status.UP).withDetail("clients", details);
	}

	private boolean isSaturated(String clientName, boolean waiting) {
		if (!waiting) {
			this.waitingSince.remove(clientName);
			return false;
		}
		Instant now = this.clock.instant();
		Instant since = this.waitingSince.computeIfAbsent(clientName, (name) -> now);
		return Duration.between(since, now).compareTo(this.saturationPeriod) >= 0;
	}

}
