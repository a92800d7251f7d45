package io.github.keepalive.metrics;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import io.github.keepalive.client.KeepAliveClientListener;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.connection.ConnectionFailureReason;
import io.github.keepalive.client.pool.LeaseOutcome;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import org.apache.hc.client5.http.HttpRoute;

/**
 * The event-fed meters of every keep-alive client (connections opened, failed and closed,
 * requests, lease waits, requests per connection, leaks), and, as each client is created, the
 * {@link KeepAliveClientMeterBinder} of its pool gauges.
 */
public class KeepAliveClientEventMeters implements KeepAliveClientListener {

	private final MeterRegistry registry;

	private final boolean perRouteMeters;

	private final int maxRoutesPerClient;

	private final Map<String, ClientMeters> clients = new ConcurrentHashMap<>();

	private final Map<String, KeepAliveClientMeterBinder> binders = new ConcurrentHashMap<>();

	/**
	 * Meters without per-route pool gauges.
	 * @param registry where to register them
	 */
	public KeepAliveClientEventMeters(MeterRegistry registry) {
		this(registry, 0);
	}

	/**
	 * Meters with per-route pool gauges for up to {@code maxRoutesPerClient} routes of each
	 * client.
	 * @param registry where to register them
	 * @param maxRoutesPerClient routes with their own gauges per client, 0 for none
	 */
	public KeepAliveClientEventMeters(MeterRegistry registry, int maxRoutesPerClient) {
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
	public KeepAliveClientEventMeters(MeterRegistry registry, boolean perRouteMeters, int maxRoutesPerClient) {
		this.registry = registry;
		this.perRouteMeters = perRouteMeters;
		this.maxRoutesPerClient = maxRoutesPerClient;
	}

	@Override
	public void clientCreated(KeepAliveHttpClient client) {
		KeepAliveClientMeterBinder binder = new KeepAliveClientMeterBinder(client, this.perRouteMeters,
				this.maxRoutesPerClient);
		binder.bindTo(this.registry);
		this.binders.put(client.getName(), binder);
		meters(client.getName());
	}

	@Override
	public void routeAdded(String clientName, HttpRoute route) {
		KeepAliveClientMeterBinder binder = this.binders.get(clientName);
		if (binder != null) {
			binder.bindRoute(route);
		}
	}

	@Override
	public void leaseCompleted(String clientName, Duration waited, LeaseOutcome outcome) {
		meters(clientName).leaseWaits.get(outcome).record(waited);
	}

	@Override
	public void leakDetected(String clientName, HttpRoute route, Duration held) {
		meters(clientName).leaks.increment();
	}

	@Override
	public void connectionOpened(String clientName) {
		meters(clientName).opened.increment();
	}

	@Override
	public void connectionFailed(String clientName, ConnectionFailureReason reason) {
		meters(clientName).failed.get(reason).increment();
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

	private ClientMeters meters(String clientName) {
		return this.clients.computeIfAbsent(clientName, (name) -> new ClientMeters(this.registry, name));
	}

	/**
	 * The event-fed meters of one client, registered once.
	 */
	private static final class ClientMeters {

		private final Counter opened;

		private final Counter requests;

		private final Map<ConnectionFailureReason, Counter> failed;

		private final Map<ConnectionCloseReason, Counter> closed;

		private final Map<LeaseOutcome, Timer> leaseWaits = new EnumMap<>(LeaseOutcome.class);

		private final DistributionSummary requestsPerConnection;

		private final Counter leaks;

		ClientMeters(MeterRegistry registry, String name) {
			Tags tags = Tags.of(KeepAliveMeters.CLIENT_TAG, name);
			this.opened = Counter.builder(KeepAliveMeters.CONNECTIONS_OPENED)
				.tags(tags)
				.description("Connections established")
				.register(registry);
			this.requests = Counter.builder(KeepAliveMeters.REQUESTS)
				.tags(tags)
				.description("Requests sent over pooled connections, retries included")
				.register(registry);
			this.failed = countersByReason(registry, KeepAliveMeters.CONNECTIONS_FAILED, tags,
					ConnectionFailureReason.class, ConnectionFailureReason::tagValue,
					"Failed attempts to establish a connection, by reason");
			this.closed = countersByReason(registry, KeepAliveMeters.CONNECTIONS_CLOSED, tags,
					ConnectionCloseReason.class, ConnectionCloseReason::tagValue, "Connections closed, by reason");
			for (LeaseOutcome outcome : LeaseOutcome.values()) {
				this.leaseWaits.put(outcome, leaseWait(registry, tags, outcome.tagValue()));
			}
			this.requestsPerConnection = DistributionSummary.builder(KeepAliveMeters.CONNECTION_REQUESTS)
				.tags(tags)
				.description("Requests served by each closed connection")
				.register(registry);
			this.leaks = Counter.builder(KeepAliveMeters.POOL_LEAKS)
				.tags(tags)
				.description("Connections held for longer than the leak-detection threshold")
				.register(registry);
		}

		private static <R extends Enum<R>> Map<R, Counter> countersByReason(MeterRegistry registry, String name,
				Tags tags, Class<R> reasons, Function<R, String> tagValue, String description) {
			Map<R, Counter> counters = new EnumMap<>(reasons);
			for (R reason : reasons.getEnumConstants()) {
				counters.put(reason,
						Counter.builder(name)
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
