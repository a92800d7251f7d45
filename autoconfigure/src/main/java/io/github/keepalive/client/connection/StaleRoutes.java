package io.github.keepalive.client.connection;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.core5.function.Resolver;
import org.apache.hc.core5.util.TimeValue;

/**
 * Routes on which a pooled connection turned out to be stale. A server restart or a load
 * balancer's idle sweep closes every pooled connection of a route at once; those idle for
 * less than validate-after-inactivity are not checked before reuse, so a retry could pick
 * the next dead one. For validate-after-inactivity after a stale connection was met, every
 * connection of that route is checked before it is leased: by then any connection pooled
 * before the incident has been idle long enough to be checked anyway.
 */
public final class StaleRoutes {

	private final long windowNanos;

	private final Map<HttpRoute, Long> suspectUntil = new ConcurrentHashMap<>();

	public StaleRoutes(Duration validateAfterInactivity) {
		this.windowNanos = validateAfterInactivity.toNanos();
	}

	/**
	 * A connection of the route was found stale.
	 * @param route the route
	 */
	public void markStale(HttpRoute route) {
		this.suspectUntil.put(route, System.nanoTime() + this.windowNanos);
	}

	/**
	 * Whether connections of the route are checked before every reuse now.
	 * @param route the route
	 * @return whether the route is suspect
	 */
	public boolean isSuspect(HttpRoute route) {
		Long until = this.suspectUntil.get(route);
		if (until == null) {
			return false;
		}
		if (System.nanoTime() - until < 0) {
			return true;
		}
		this.suspectUntil.remove(route, until);
		return false;
	}

	/**
	 * A connection config resolver that checks every connection of a suspect route.
	 * @param config the connection config of every route
	 * @return the resolver
	 */
	public Resolver<HttpRoute, ConnectionConfig> connectionConfigResolver(ConnectionConfig config) {
		ConnectionConfig validateAlways = ConnectionConfig.copy(config)
			.setValidateAfterInactivity(TimeValue.ZERO_MILLISECONDS)
			.build();
		return (route) -> isSuspect(route) ? validateAlways : config;
	}

}
