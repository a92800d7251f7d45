package io.github.keepalive.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.ConnectionCloseReason;
import io.github.keepalive.client.KeepAliveClientListener;
import io.github.keepalive.client.KeepAliveClientSettings;
import io.github.keepalive.client.KeepAliveHttpClientBuilderCustomizer;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.observation.MetricConfig;
import org.apache.hc.client5.http.observation.binder.ConnPoolMeters;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.jspecify.annotations.Nullable;

/**
 * The meters of every keep-alive client, tagged {@code client=<name>}: pool gauges bound
 * through httpclient5-observation's {@link ConnPoolMeters} as each client is built, and
 * counters, a lease-wait timer and a reuse summary fed by the client's events.
 */
public class KeepAliveMeters
		implements KeepAliveHttpClientBuilderCustomizer, KeepAliveClientListener, LeaseWaitPercentiles {

	/** Prefix of every meter name. */
	public static final String PREFIX = "keepalive";

	/** Gauge: connections leased from the pool (httpclient5-observation). */
	public static final String POOL_LEASED = PREFIX + ".pool.leased";

	/** Gauge: idle connections in the pool (httpclient5-observation). */
	public static final String POOL_AVAILABLE = PREFIX + ".pool.available";

	/** Gauge: callers waiting for a connection (httpclient5-observation). */
	public static final String POOL_PENDING = PREFIX + ".pool.pending";

	/** Gauge: the pool's maximum connections across all routes. */
	public static final String POOL_MAX = PREFIX + ".pool.max";

	/** Timer: time a caller waited to lease a connection, tagged {@code outcome}. */
	public static final String POOL_LEASE_WAIT = PREFIX + ".pool.lease.wait";

	/** Counter: connections established. */
	public static final String CONNECTIONS_OPENED = PREFIX + ".connections.opened";

	/** Counter: connections closed, tagged {@code reason}. */
	public static final String CONNECTIONS_CLOSED = PREFIX + ".connections.closed";

	/** Counter: requests sent over pooled connections, retries included. */
	public static final String REQUESTS = PREFIX + ".requests";

	/** Summary: requests each closed connection served. */
	public static final String CONNECTION_REQUESTS = PREFIX + ".connection.requests";

	/** Gauge, per route when enabled: connections of the route in use. */
	public static final String ROUTE_LEASED = PREFIX + ".pool.route.leased";

	/** Gauge, per route when enabled: idle pooled connections of the route. */
	public static final String ROUTE_AVAILABLE = PREFIX + ".pool.route.available";

	/** Gauge, per route when enabled: callers waiting for a connection of the route. */
	public static final String ROUTE_PENDING = PREFIX + ".pool.route.pending";

	/** Gauge, per route when enabled: maximum connections of the route. */
	public static final String ROUTE_MAX = PREFIX + ".pool.route.max";

	static final String CLIENT_TAG = "client";

	private final MeterRegistry registry;

	private final Map<String, ClientMeters> clients = new ConcurrentHashMap<>();

	private final int maxRoutesPerClient;

	/**
	 * Meters without per-route pool gauges.
	 * @param registry where to register them
	 */
	public KeepAliveMeters(MeterRegistry registry) {
		this(registry, 0);
	}

	/**
	 * Meters with per-route pool gauges for up to {@code maxRoutesPerClient} routes of each
	 * client.
	 * @param registry where to register them
	 * @param maxRoutesPerClient routes with their own gauges per client, 0 for none
	 */
	public KeepAliveMeters(MeterRegistry registry, int maxRoutesPerClient) {
		this.registry = registry;
		this.maxRoutesPerClient = maxRoutesPerClient;
	}

	@Override
	public void customize(KeepAliveClientSettings settings, HttpClientBuilder builder) {
		String name = settings.name();
		ConnPoolMeters.bindTo(builder, this.registry,
				MetricConfig.builder().prefix(PREFIX).addCommonTag(CLIENT_TAG, name).build());
		if (builder.getConnManager() instanceof PoolingHttpClientConnectionManager pool) {
			Gauge.builder(POOL_MAX, pool, ConnPoolControl::getMaxTotal)
				.tag(CLIENT_TAG, name)
				.description("Maximum connections of the pool across all routes")
				.register(this.registry);
			if (this.maxRoutesPerClient > 0) {
				builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), RoutePoolMeters.NAME,
						new RoutePoolMeters(this.registry, name, pool, this.maxRoutesPerClient));
			}
		}
		meters(name);
	}

	@Override
	public void leaseCompleted(String clientName, Duration waited, boolean acquired) {
		ClientMeters meters = meters(clientName);
		(acquired ? meters.leaseAcquired : meters.leaseTimedOut).record(waited);
	}

	@Override
	public void connectionOpened(String clientName) {
		meters(clientName).opened.increment();
	}

	@Override
	public void requestSent(String clientName) {
		meters(clientName).requests.increment();
	}

	@Override
	public void connectionClosed(String clientName, ConnectionCloseReason reason, long requests) {
		ClientMeters meters = meters(clientName);
		meters.closed.get(reason).increment();
		meters.requestsPerConnection.record(requests);
	}

	@Override
	public @Nullable Duration leaseWaitP99(String clientName) {
		ClientMeters meters = this.clients.get(clientName);
		if (meters == null || meters.leaseAcquired.count() == 0) {
			return null;
		}
		for (ValueAtPercentile value : meters.leaseAcquired.takeSnapshot().percentileValues()) {
			if (value.percentile() == 0.99) {
				return Duration.ofNanos((long) value.value(TimeUnit.NANOSECONDS));
			}
		}
		return null;
	}

	private ClientMeters meters(String clientName) {
		return this.clients.computeIfAbsent(clientName, (name) -> new ClientMeters(this.registry, name));
	}

	/**
	 * The event-fed meters of one client, registered once.
	 */
	private static final class ClientMeters {

		private final Counter opened;

		private final Counter requests;

		private final Map<ConnectionCloseReason, Counter> closed = new EnumMap<>(ConnectionCloseReason.class);

		private final Timer leaseAcquired;

		private final Timer leaseTimedOut;

		private final DistributionSummary requestsPerConnection;

		ClientMeters(MeterRegistry registry, String name) {
			Tags tags = Tags.of(CLIENT_TAG, name);
			this.opened = Counter.builder(CONNECTIONS_OPENED)
				.tags(tags)
				.description("Connections established")
				.register(registry);
			this.requests = Counter.builder(REQUESTS)
				.tags(tags)
				.description("Requests sent over pooled connections, retries included")
				.register(registry);
			for (ConnectionCloseReason reason : ConnectionCloseReason.values()) {
				this.closed.put(reason,
						Counter.builder(CONNECTIONS_CLOSED)
							.tags(tags)
							.tag("reason", reason.tagValue())
							.description("Connections closed, by reason")
							.register(registry));
			}
			this.leaseAcquired = leaseWait(registry, tags, "acquired");
			this.leaseTimedOut = leaseWait(registry, tags, "timeout");
			this.requestsPerConnection = DistributionSummary.builder(CONNECTION_REQUESTS)
				.tags(tags)
				.description("Requests served by each closed connection")
				.register(registry);
		}

		private static Timer leaseWait(MeterRegistry registry, Tags tags, String outcome) {
			return Timer.builder(POOL_LEASE_WAIT)
				.tags(tags)
				.tag("outcome", outcome)
				.description("Time waited to lease a pooled connection")
				.publishPercentiles(0.99)
				.register(registry);
		}

	}

}
