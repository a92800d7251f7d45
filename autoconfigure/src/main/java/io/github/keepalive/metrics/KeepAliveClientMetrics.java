package io.github.keepalive.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.github.keepalive.client.ClientObserver;
import io.github.keepalive.client.ClientObserverFactory;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.connection.ConnectionFailureReason;
import io.github.keepalive.client.pool.LeaseOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.hc.client5.http.HttpRoute;
import org.jspecify.annotations.Nullable;

/**
 * The meters of every keep-alive client, as the {@link ClientObserver} of each: the
 * event-fed ones (connections opened, failed and closed, requests, lease waits, requests
 * per connection, leaks) registered when the client is created, its pool gauges
 * ({@link KeepAliveClientMeterBinder}) once it is built, and all of them removed when it
 * closes. Each event is one call on meters the observer holds: no look-up, no allocation.
 */
public class KeepAliveClientMetrics implements ClientObserverFactory {

	private final MeterRegistry registry;

	private final boolean perRouteMeters;

	private final int maxRoutesPerClient;

	/**
	 * Meters without per-route pool gauges.
	 * @param registry where to register them
	 */
	public KeepAliveClientMetrics(MeterRegistry registry) {
		this(registry, 0);
	}

	/**
	 * Meters with per-route pool gauges for up to {@code maxRoutesPerClient} routes of each
	 * client.
	 * @param registry where to register them
	 * @param maxRoutesPerClient routes with their own gauges per client, 0 for none
	 */
	public KeepAliveClientMetrics(MeterRegistry registry, int maxRoutesPerClient) {
		this(registry, maxRoutesPerClient > 0,
				(maxRoutesPerClient > 0) ? maxRoutesPerClient : KeepAliveClientMeterBinder.DEFAULT_MAX_ROUTES);
	}

	/**
	 * Meters with, if enabled, per-route pool gauges, and the adaptive limit of each route
	 * of a client whose limits adapt, for up to {@code maxRoutesPerClient} routes of each
	 * client.
	 * @param registry where to register them
	 * @param perRouteMeters whether routes get their own pool gauges
	 * @param maxRoutesPerClient routes with their own gauges per client
	 */
	public KeepAliveClientMetrics(MeterRegistry registry, boolean perRouteMeters, int maxRoutesPerClient) {
		this.registry = registry;
		this.perRouteMeters = perRouteMeters;
		this.maxRoutesPerClient = maxRoutesPerClient;
	}

	@Override
	public ClientObserver create(String clientName) {
		return new ClientMeters(this.registry, clientName, this.perRouteMeters, this.maxRoutesPerClient);
	}

	// Micrometer's counters and timers do not throw: the observer is called directly
	@Override
	public boolean guarded() {
		return false;
	}

	/**
	 * The meters of one client.
	 */
	private static final class ClientMeters implements ClientObserver {

		private final MeterRegistry registry;

		private final boolean perRouteMeters;

		private final int maxRoutes;

		private final List<Meter> meters = new ArrayList<>();

		private volatile @Nullable KeepAliveClientMeterBinder gauges;

		private final Counter opened;

		private final Counter requests;

		private final Counter[] failed;

		private final Counter[] closed;

		private final Timer[] leaseWaits = new Timer[LeaseOutcome.values().length];

		private final DistributionSummary requestsPerConnection;

		private final Counter leaks;

		ClientMeters(MeterRegistry registry, String name, boolean perRouteMeters, int maxRoutes) {
			this.registry = registry;
			this.perRouteMeters = perRouteMeters;
			this.maxRoutes = maxRoutes;
			Tags tags = Tags.of(KeepAliveMeters.CLIENT_TAG, name);
			this.opened = kept(Counter.builder(KeepAliveMeters.CONNECTIONS_OPENED)
				.tags(tags)
				.description("Connections established")
				.register(registry));
			this.requests = kept(Counter.builder(KeepAliveMeters.REQUESTS)
				.tags(tags)
				.description("Requests sent over pooled connections, retries included")
				.register(registry));
			this.failed = countersByReason(registry, KeepAliveMeters.CONNECTIONS_FAILED, tags,
					ConnectionFailureReason.class, ConnectionFailureReason::tagValue,
					"Failed attempts to establish a connection, by reason");
			this.closed = countersByReason(registry, KeepAliveMeters.CONNECTIONS_CLOSED, tags,
					ConnectionCloseReason.class, ConnectionCloseReason::tagValue, "Connections closed, by reason");
			for (LeaseOutcome outcome : LeaseOutcome.values()) {
				this.leaseWaits[outcome.ordinal()] = kept(leaseWait(registry, tags, outcome.tagValue()));
			}
			this.requestsPerConnection = kept(DistributionSummary.builder(KeepAliveMeters.CONNECTION_REQUESTS)
				.tags(tags)
				.description("Requests served by each closed connection")
				.register(registry));
			this.leaks = kept(Counter.builder(KeepAliveMeters.POOL_LEAKS)
				.tags(tags)
				.description("Connections held for longer than the leak-detection threshold")
				.register(registry));
		}

		private <M extends Meter> M kept(M meter) {
			this.meters.add(meter);
			return meter;
		}

		@Override
		public void clientCreated(KeepAliveHttpClient client) {
			KeepAliveClientMeterBinder gauges = new KeepAliveClientMeterBinder(client, this.perRouteMeters,
					this.maxRoutes);
			gauges.bindTo(this.registry);
			this.gauges = gauges;
		}

		@Override
		public void routeAdded(HttpRoute route) {
			KeepAliveClientMeterBinder gauges = this.gauges;
			if (gauges != null) {
				gauges.bindRoute(route);
			}
		}

		@Override
		public void leaseCompleted(long waitedNanos, LeaseOutcome outcome) {
			this.leaseWaits[outcome.ordinal()].record(waitedNanos, TimeUnit.NANOSECONDS);
		}

		@Override
		public void leakDetected(HttpRoute route, Duration held) {
			this.leaks.increment();
		}

		@Override
		public void connectionOpened() {
			this.opened.increment();
		}

		@Override
		public void connectionFailed(ConnectionFailureReason reason) {
			this.failed[reason.ordinal()].increment();
		}

		@Override
		public void requestSent() {
			this.requests.increment();
		}

		@Override
		public void connectionClosed(ConnectionCloseReason reason, long requests) {
			this.closed[reason.ordinal()].increment();
			this.requestsPerConnection.record(requests);
		}

		@Override
		public void clientClosed() {
			KeepAliveClientMeterBinder gauges = this.gauges;
			if (gauges != null) {
				gauges.unbind();
			}
			this.meters.forEach(this.registry::remove);
		}

		private <R extends Enum<R>> Counter[] countersByReason(MeterRegistry registry, String name, Tags tags,
				Class<R> reasons, Function<R, String> tagValue, String description) {
			R[] values = reasons.getEnumConstants();
			Counter[] counters = new Counter[values.length];
			for (R reason : values) {
				counters[reason.ordinal()] = kept(Counter.builder(name)
					.tags(tags)
					.tag("reason", tagValue.apply(reason))
					.description(description)
					.register(registry));
			}
			return counters;
		}

		// No percentiles of its own: a fixed one could not be removed by Boot's meter filter, so
		// they are opt-in through management.metrics.distribution.*.keepalive.pool.lease.wait
		private static Timer leaseWait(MeterRegistry registry, Tags tags, String outcome) {
			return Timer.builder(KeepAliveMeters.POOL_LEASE_WAIT)
				.tags(tags)
				.tag("outcome", outcome)
				.description("Time waited to lease a pooled connection")
				.register(registry);
		}

	}

}
