package io.github.keepalive.metrics;

import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.ToDoubleFunction;
import java.util.function.ToIntFunction;

import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.pool.PoolAdvice;
import io.github.keepalive.client.pool.PoolLimits;
import io.github.keepalive.client.pool.PoolUsage;
import io.github.keepalive.client.pool.RouteNames;
import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.PoolSettings;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.HttpRoute;
import org.jspecify.annotations.Nullable;

/**
 * The pool gauges of one keep-alive client, read live from the client (held weakly), and
 * per-route gauges for at most {@code maxRoutes} routes: a client calling URLs built from
 * user input must not grow the registry without bound. The per-route pool gauges are
 * there when enabled; the adaptive limit of a route ({@code keepalive.pool.route.limit})
 * whenever the client's limits adapt, since it is what tells how the pool sized itself.
 */
public final class KeepAliveClientMeterBinder implements MeterBinder {

	/** Routes with their own gauges at most, unless told otherwise. */
	public static final int DEFAULT_MAX_ROUTES = 20;

	private static final Log logger = LogFactory.getLog(KeepAliveClientMeterBinder.class);

	private final KeepAliveHttpClient client;

	private final boolean perRouteMeters;

	private final int maxRoutes;

	private final Set<HttpRoute> routes = ConcurrentHashMap.newKeySet();

	private final Queue<Gauge> gauges = new ConcurrentLinkedQueue<>();

	private volatile @Nullable MeterRegistry registry;

	private volatile boolean routeLimitReported;

	/**
	 * Creates a binder with per-route pool gauges for up to {@code maxRoutes} routes, none
	 * if 0 (adaptive limit gauges then for up to {@link #DEFAULT_MAX_ROUTES}).
	 * @param client the client
	 * @param maxRoutes routes with their own pool gauges, 0 for none
	 */
	public KeepAliveClientMeterBinder(KeepAliveHttpClient client, int maxRoutes) {
		this(client, maxRoutes > 0, (maxRoutes > 0) ? maxRoutes : DEFAULT_MAX_ROUTES);
	}

	/**
	 * Creates a binder.
	 * @param client the client
	 * @param perRouteMeters whether routes get their own pool gauges
	 * @param maxRoutes routes with their own gauges (pool gauges, adaptive limit) at most
	 */
	public KeepAliveClientMeterBinder(KeepAliveHttpClient client, boolean perRouteMeters, int maxRoutes) {
		this.client = client;
		this.perRouteMeters = perRouteMeters;
		this.maxRoutes = maxRoutes;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		this.registry = registry;
		Tags tags = Tags.of(KeepAliveMeters.CLIENT_TAG, this.client.getName());
		gauge(registry, KeepAliveMeters.POOL_LEASED, tags, (client) -> client.pool().totalStats().leased(),
				"Connections leased from the pool");
		gauge(registry, KeepAliveMeters.POOL_AVAILABLE, tags, (client) -> client.pool().totalStats().available(),
				"Idle connections in the pool");
		gauge(registry, KeepAliveMeters.POOL_PENDING, tags, (client) -> client.pool().totalStats().pending(),
				"Callers waiting for a connection");
		gauge(registry, KeepAliveMeters.POOL_MAX, tags, (client) -> client.pool().limits().maxTotal(),
				"Maximum connections of the pool across all routes");
		adviceGauge(registry, tags, PoolSettings.MAX_TOTAL, PoolLimits::maxTotal);
		adviceGauge(registry, tags, PoolSettings.MAX_PER_ROUTE, PoolLimits::maxPerRoute);
	}

	// The client is in its own tag, the setting in the property tag: a series per setting
	// that sums across clients
	private void adviceGauge(MeterRegistry registry, Tags tags, ClientSetting setting,
			ToIntFunction<PoolLimits> current) {
		gauge(registry, KeepAliveMeters.POOL_ADVICE_SUGGESTED,
				tags.and(KeepAliveMeters.PROPERTY_TAG, KeepAliveMeters.propertyTag(setting)),
				(client) -> client.pool().advice()
					.stream()
					.filter((advice) -> advice.setting().equals(setting))
					.mapToInt(PoolAdvice::suggested)
					.findFirst()
					.orElseGet(() -> current.applyAsInt(client.pool().limits())),
				"The value pool-sizing advice suggests for the property; the current value while the pool fits");
	}

	/**
	 * Registers the gauges of a route the client uses for the first time, unless the
	 * client already has {@code maxRoutes} routes with gauges.
	 * @param route the route
	 */
	public void bindRoute(HttpRoute route) {
		MeterRegistry registry = this.registry;
		boolean adaptive = this.client.pool().adaptiveLimit(route) != null;
		if ((!this.perRouteMeters && !adaptive) || registry == null || this.routes.contains(route)) {
			return;
		}
		synchronized (this.routes) {
			if (this.routes.size() >= this.maxRoutes) {
				if (!this.routeLimitReported) {
					this.routeLimitReported = true;
					logger.warn("Client '" + this.client.getName() + "' uses more than " + this.maxRoutes
							+ " routes: no per-route pool meters for the others"
							+ " (keepalive.metrics.per-route.max-routes)");
				}
				return;
			}
			if (!this.routes.add(route)) {
				return;
			}
		}
		Tags tags = Tags.of(KeepAliveMeters.CLIENT_TAG, this.client.getName(), KeepAliveMeters.ROUTE_TAG,
				RouteNames.of(route));
		if (adaptive) {
			gauge(registry, KeepAliveMeters.ROUTE_LIMIT, tags, (client) -> adaptiveLimit(client, route),
					"The route's adaptive limit: connections it may hold now");
		}
		if (!this.perRouteMeters) {
			return;
		}
		routeGauge(registry, KeepAliveMeters.ROUTE_LEASED, route, tags, PoolUsage::leased,
				"Connections of the route in use");
		routeGauge(registry, KeepAliveMeters.ROUTE_AVAILABLE, route, tags, PoolUsage::available,
				"Idle pooled connections of the route");
		routeGauge(registry, KeepAliveMeters.ROUTE_PENDING, route, tags, PoolUsage::pending,
				"Callers waiting for a connection of the route");
		routeGauge(registry, KeepAliveMeters.ROUTE_MAX, route, tags, PoolUsage::max,
				"Maximum connections of the route");
	}

	private static double adaptiveLimit(KeepAliveHttpClient client, HttpRoute route) {
		Integer limit = client.pool().adaptiveLimit(route);
		return (limit != null) ? limit : Double.NaN;
	}

	private void gauge(MeterRegistry registry, String name, Tags tags, ToDoubleFunction<KeepAliveHttpClient> value,
			String description) {
		this.gauges.add(Gauge.builder(name, this.client, value).tags(tags).description(description).register(registry));
	}

	/**
	 * Removes every gauge this binder registered: the client closed.
	 */
	public void unbind() {
		MeterRegistry registry = this.registry;
		if (registry != null) {
			this.gauges.forEach(registry::remove);
		}
	}

	private void routeGauge(MeterRegistry registry, String name, HttpRoute route, Tags tags,
			ToDoubleFunction<PoolUsage> value, String description) {
		gauge(registry, name, tags, (client) -> value.applyAsDouble(client.pool().routeStats(route)), description);
	}

}
