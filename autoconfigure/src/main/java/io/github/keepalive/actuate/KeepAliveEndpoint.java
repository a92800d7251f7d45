package io.github.keepalive.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.keepalive.client.ConnectionCounts;
import io.github.keepalive.client.KeepAliveClientSettings;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.pool.PoolLimits;
import io.github.keepalive.client.pool.PoolSnapshot;
import io.github.keepalive.client.pool.PoolUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.http.client.HttpClientSettings;

/**
 * {@code /actuator/keepalive}: every keep-alive client with its effective settings
 * (credentials masked), live pool statistics, in total and per route, and the connections
 * it opened and failed to open.
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
		PoolSnapshot stats = client.stats();
		List<RouteDescriptor> routes = stats.routes()
			.entrySet()
			.stream()
			.map((route) -> new RouteDescriptor(route.getKey(), route.getValue()))
			.toList();
		return new ClientDescriptor(SettingsDescriptor.of(client.getSettings(), client.limits()), stats.total(),
				client.connections(), routes);
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
	 * @param connections connections established since it was created, and failed attempts
	 * by reason
	 * @param routes its pool's statistics per route
	 */
	public record ClientDescriptor(SettingsDescriptor settings, PoolUsage pool, ConnectionCounts connections,
			List<RouteDescriptor> routes) implements OperationResponseBody {
	}

	/**
	 * Pool statistics of one route.
	 *
	 * @param route the route (scheme, host, port, proxy)
	 * @param pool its statistics
	 */
	public record RouteDescriptor(String route, PoolUsage pool) {
	}

	/**
	 * Effective settings of a client, as the settings records hold them, with the live
	 * limits of its pool and credentials masked.
	 *
	 * @param baseUrl the base URL, user information masked
	 * @param defaultHeaders the default headers, secret values masked
	 * @param pool the pool settings, with the limits the pool runs with now
	 * @param keepAlive the keep-alive settings
	 * @param maxRetries retries of idempotent requests
	 * @param proxy the proxy, password masked
	 * @param http timeouts, redirects and whether an SSL bundle is used
	 */
	public record SettingsDescriptor(@Nullable String baseUrl, Map<String, List<String>> defaultHeaders,
			KeepAliveClientSettings.Pool pool, KeepAliveClientSettings.KeepAlive keepAlive, int maxRetries,
			@Nullable ProxyDescriptor proxy, HttpDescriptor http) {

		static SettingsDescriptor of(KeepAliveClientSettings settings, PoolLimits limits) {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			settings.defaultHeaders()
				.forEach((name, values) -> headers.put(name, SensitiveValues.isSensitiveHeader(name)
						? values.stream().map((value) -> SensitiveValues.MASK).toList() : values));
			KeepAliveClientSettings.Proxy proxy = settings.proxy();
			HttpClientSettings http = settings.http();
			return new SettingsDescriptor((settings.baseUrl() != null) ? settings.baseUrl().toString() : null,
					headers, settings.pool().withLimits(limits.maxTotal(), limits.maxPerRoute()), settings.keepAlive(),
					settings.maxRetries(),
					(proxy != null) ? new ProxyDescriptor(proxy.host(), proxy.port(), proxy.username(),
							(proxy.password() != null) ? SensitiveValues.MASK : null, proxy.nonProxyHosts()) : null,
					new HttpDescriptor(http.connectTimeout(), http.readTimeout(), String.valueOf(http.redirects()),
							http.sslBundle() != null));
		}

	}

	/**
	 * Spring Boot's HTTP client settings of a client.
	 *
	 * @param connectTimeout the connect timeout
	 * @param readTimeout the read timeout
	 * @param redirects how redirects are followed
	 * @param sslBundle whether an SSL bundle is used
	 */
	public record HttpDescriptor(@Nullable Duration connectTimeout, @Nullable Duration readTimeout, String redirects,
			boolean sslBundle) {
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
