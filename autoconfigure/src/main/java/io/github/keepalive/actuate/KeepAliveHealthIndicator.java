package io.github.keepalive.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.pool.PoolSnapshot;
import io.github.keepalive.client.pool.PoolUsage;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * Health of keep-alive pools: each client's leased / max, available and pending, the
 * lease-wait p99, pool-sizing advice, and whether a caller has been waiting for a
 * connection for longer than the saturation period, measured from when that caller
 * started to wait, however often health is polled. A saturated pool is reported in the
 * details; the status stays UP unless configured otherwise, since a busy pool is no
 * reason to restart an instance.
 */
public class KeepAliveHealthIndicator extends AbstractHealthIndicator {

	private final KeepAliveClients clients;

	private final Duration saturationPeriod;

	private final Status saturatedStatus;

	/**
	 * Creates an indicator.
	 * @param clients the clients
	 * @param saturationPeriod how long a caller must have been waiting for a pool to count
	 * as saturated
	 * @param saturatedStatus the status to report while a pool is saturated
	 */
	public KeepAliveHealthIndicator(KeepAliveClients clients, Duration saturationPeriod, Status saturatedStatus) {
		super("Keep-alive health check failed");
		this.clients = clients;
		this.saturationPeriod = saturationPeriod;
		this.saturatedStatus = saturatedStatus;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		boolean anySaturated = false;
		Map<String, Object> details = new LinkedHashMap<>();
		for (KeepAliveHttpClient client : this.clients.getAll()) {
			PoolSnapshot stats = client.pool().stats();
			PoolUsage total = stats.total();
			boolean saturated = stats.oldestWait() != null
					&& stats.oldestWait().compareTo(this.saturationPeriod) >= 0;
			anySaturated |= saturated;
			Map<String, Object> clientDetails = new LinkedHashMap<>();
			clientDetails.put("leased", total.leased());
			clientDetails.put("max", total.max());
			clientDetails.put("available", total.available());
			clientDetails.put("pending", total.pending());
			clientDetails.put("saturated", saturated);
			if (stats.oldestWait() != null) {
				clientDetails.put("oldestWait", stats.oldestWait().toString());
			}
			Duration p99 = client.pool().leases().waitP99();
			if (p99 != null) {
				clientDetails.put("leaseWaitP99", p99.toString());
			}
			clientDetails.put("advice", AdviceDescriptor.of(client));
			details.put(client.getName(), clientDetails);
		}
		builder.status(anySaturated ? this.saturatedStatus : Status.UP).withDetail("clients", details);
	}

}
