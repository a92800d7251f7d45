package io.github.keepalive.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.keepalive.client.KeepAliveClientSettings;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.pool.PoolStats;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/keepalive}: every keep-alive client with its effective settings
 * (credentials masked) and live pool statistics, in total and per route.
 * {@code POST /actuator/keepalive/{client}} closes that client's idle and expired
 * connections.
 */
@Endpoint(id = "keepalive")
public class KeepAliveEndpoint {

	private final KeepAliveClients clients;

	public KeepAliveEndpoint(KeepAliveClients clients) {
		this.clients = clients;
	}

	@ReadOperation
	public ClientsDescriptor clients() {
		Map<String, ClientDescriptor> descriptors = new LinkedHashMap<>();
		this.clients.getAll().forEach((client) -> descriptors.put(client.getName(), describe(client)));
		return new ClientsDescriptor(descriptors);
	}

	@ReadOperation
	public @Nullable ClientDescriptor client(@Selector String client) {
		KeepAliveHttpClient found = this.clients.find(client);
		return (found != null) ? describe(found) : null;
	}

	@WriteOperation
	public @Nullable ClientDescriptor closeIdleConnections(@Selector String client) {
		KeepAliveHttpClient found = this.clients.find(client);
		if (found == null) {
			return null;
		}
		found.closeIdleConnections();
		return describe(found);
	}

	private ClientDescriptor describe(KeepAliveHttpClient client) {
		PoolingHttpClientConnectionManager pool = client.getConnectionManager();
		List<RouteDescriptor> routes = pool.getRoutes()
			.stream()
			.map((route) -> new RouteDescriptor(route(route), PoolStatsDescriptor.of(pool.getStats(route))))
			.toList();
		return new ClientDescriptor(SettingsDescriptor.of(client.getSettings()),
				PoolStatsDescriptor.of(pool.getTotalStats()), routes);
	}

	private static String route(HttpRoute route) {
		return (route.getProxyHost() != null) ? route.getTargetHost() + " via " + route.getProxyHost()
				: route.getTargetHost().toString();
	}

	/**
	 * Every client, by name.
	 *
	 * @param clients the clients
	 */
	public record ClientsDescriptor(Map<String, ClientDescriptor> clients) implements OperationResponseBody {
	}

	/**
	 * One client.
	 *
	 * @param settings its effective settings
	 * @param pool its pool's statistics across all routes
	 * @param routes its pool's statistics per route
	 */
	public record ClientDescriptor(SettingsDescriptor settings, PoolStatsDescriptor pool,
			List<RouteDescriptor> routes) implements OperationResponseBody {
	}

	/**
	 * Pool statistics of one route.
	 *
	 * @param route the route (scheme, host, port, proxy)
	 * @param pool its statistics
	 */
	public record RouteDescriptor(String route, PoolStatsDescriptor pool) {
	}

	/**
	 * Live pool statistics.
	 *
	 * @param leased connections in use
	 * @param available idle connections
	 * @param pending callers waiting for a connection
	 * @param max maximum connections
	 */
	public record PoolStatsDescriptor(int leased, int available, int pending, int max) {

		static PoolStatsDescriptor of(PoolStats stats) {
			return new PoolStatsDescriptor(stats.getLeased(), stats.getAvailable(), stats.getPending(),
					stats.getMax());
		}

	}

	/**
	 * Effective settings of a client, credentials masked.
	 *
	 * @param baseUrl the base URL, user information masked
	 * @param defaultHeaders the default headers, secret values masked
	 * @param maxTotal connections across all routes
	 * @param maxPerRoute connections per route
	 * @param maxPerHost per-host overrides
	 * @param leaseTimeout the lease timeout
	 * @param concurrencyPolicy the pool concurrency policy
	 * @param reusePolicy the pool reuse policy
	 * @param keepAlive whether connections are reused
	 * @param idleTimeout the idle timeout
	 * @param timeToLive the time-to-live
	 * @param validateAfterInactivity the stale-check interval
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the read timeout
	 * @param maxRetries retries of idempotent requests
	 * @param sslBundle whether an SSL bundle is used
	 * @param proxy the proxy, password masked
	 */
	public record SettingsDescriptor(@Nullable String baseUrl, Map<String, List<String>> defaultHeaders, int maxTotal,
			int maxPerRoute, Map<String, Integer> maxPerHost, Duration leaseTimeout, String concurrencyPolicy,
			String reusePolicy, boolean keepAlive, Duration idleTimeout, Duration timeToLive,
			Duration validateAfterInactivity, @Nullable Duration connectTimeout, @Nullable Duration readTimeout,
			int maxRetries, boolean sslBundle, @Nullable ProxyDescriptor proxy) {

		static SettingsDescriptor of(KeepAliveClientSettings settings) {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			settings.defaultHeaders()
				.forEach((name, values) -> headers.put(name, SensitiveValues.isSensitiveHeader(name)
						? values.stream().map((value) -> SensitiveValues.MASK).toList() : values));
			KeepAliveClientSettings.Pool pool = settings.pool();
			KeepAliveClientSettings.KeepAlive keepAlive = settings.keepAlive();
			KeepAliveClientSettings.Proxy proxy = settings.proxy();
			return new SettingsDescriptor(SensitiveValues.url(settings.baseUrl()), headers, pool.maxTotal(),
					pool.maxPerRoute(), pool.maxPerHost(), pool.leaseTimeout(), pool.concurrencyPolicy().name(),
					pool.reusePolicy().name(), keepAlive.enabled(), keepAlive.idleTimeout(), keepAlive.timeToLive(),
					keepAlive.validateAfterInactivity(), settings.http().connectTimeout(),
					settings.http().readTimeout(), settings.maxRetries(), settings.http().sslBundle() != null,
					(proxy != null) ? new ProxyDescriptor(proxy.host(), proxy.port(), proxy.username(),
							(proxy.password() != null) ? SensitiveValues.MASK : null, proxy.nonProxyHosts()) : null);
		}

	}

	/**
	 * A proxy, password masked.
	 *
	 * @param host the host
	 * @param port the port
	 * @param username the user name
	 * @param password the masked password, or {@code null} if none
	 * @param nonProxyHosts hosts reached directly
	 */
	public record ProxyDescriptor(String host, int port, @Nullable String username, @Nullable String password,
			List<String> nonProxyHosts) {
	}

}
