package io.github.keepalive.metrics;

import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToDoubleFunction;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.pool.ConnPoolControl;
import org.apache.hc.core5.pool.PoolStats;

/**
 * Registers the per-route pool gauges of one client the first time a request takes a
 * route, for at most {@code maxRoutes} routes: a client calling URLs built from user
 * input must not grow the registry without bound.
 */
final class RoutePoolMeters implements ExecChainHandler {

	static final String NAME = "keepalive-route-meters";

	private static final Log logger = LogFactory.getLog(RoutePoolMeters.class);

	private final MeterRegistry registry;

	private final String clientName;

	private final ConnPoolControl<HttpRoute> pool;

	private final int maxRoutes;

	private final Set<HttpRoute> routes = ConcurrentHashMap.newKeySet();

	private final AtomicBoolean limitReported = new AtomicBoolean();

	RoutePoolMeters(MeterRegistry registry, String clientName, ConnPoolControl<HttpRoute> pool, int maxRoutes) {
		this.registry = registry;
		this.clientName = clientName;
		this.pool = pool;
		this.maxRoutes = maxRoutes;
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		HttpRoute route = scope.route;
		if (!this.routes.contains(route)) {
			register(route);
		}
		return chain.proceed(request, scope);
	}

	private synchronized void register(HttpRoute route) {
		if (this.routes.contains(route)) {
			return;
		}
		if (this.routes.size() >= this.maxRoutes) {
			if (this.limitReported.compareAndSet(false, true)) {
				logger.warn("Client '" + this.clientName + "' uses more than " + this.maxRoutes
						+ " routes: no per-route pool meters for the others (keepalive.metrics.per-route.max-routes)");
			}
			return;
		}
		Tags tags = Tags.of(KeepAliveMeters.CLIENT_TAG, this.clientName, "route", name(route));
		gauge(KeepAliveMeters.ROUTE_LEASED, route, tags, PoolStats::getLeased, "Connections of the route in use");
		gauge(KeepAliveMeters.ROUTE_AVAILABLE, route, tags, PoolStats::getAvailable,
				"Idle pooled connections of the route");
		gauge(KeepAliveMeters.ROUTE_PENDING, route, tags, PoolStats::getPending,
				"Callers waiting for a connection of the route");
		gauge(KeepAliveMeters.ROUTE_MAX, route, tags, PoolStats::getMax, "Maximum connections of the route");
		this.routes.add(route);
	}

	private void gauge(String name, HttpRoute route, Tags tags, ToDoubleFunction<PoolStats> value,
			String description) {
		Gauge.builder(name, this.pool, (pool) -> value.applyAsDouble(pool.getStats(route)))
			.tags(tags)
			.description(description)
			.register(this.registry);
	}

	static String name(HttpRoute route) {
		String target = route.getTargetHost().toURI();
		return (route.getProxyHost() != null) ? target + " via " + route.getProxyHost().toURI() : target;
	}

}
