package io.github.keepalive.actuate;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.keepalive.client.ConnectionCounts;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.pool.LeakedLease;
import io.github.keepalive.client.pool.PoolLimits;
import io.github.keepalive.client.pool.PoolSnapshot;
import io.github.keepalive.client.pool.PoolUsage;
import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.InvalidSettingException;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.client.settings.ProxySettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.Access;
import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
import org.springframework.boot.http.client.HttpClientSettings;

/**
 * {@code /actuator/keepalive}: every keep-alive client with its effective settings
 * (credentials masked), live pool statistics, in total and per route, the connections it
 * opened and failed to open, the connections held for longer than its leak-detection
 * threshold and pool-sizing advice. {@code POST /actuator/keepalive/{client}} resizes
 * that client's pool with {@code {"maxTotal": n, "maxPerRoute": m}} (either), and without
 * them closes its idle and expired connections. Read-only unless
 * {@code management.endpoint.keepalive.access=unrestricted}.
 */
@Endpoint(id = "keepalive", defaultAccess = Access.READ_ONLY)
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
		found.pool().closeIdleConnections();
		return describe(found);
	}

	/**
	 * Changes the limits of a client's live pool, validated like the properties; the
	 * same as {@link #closeIdleConnections} when neither is given. A POST with a JSON
	 * body comes here, one without a body to {@link #closeIdleConnections}.
	 * @param client the client's name
	 * @param maxTotal the new {@code max-total}, or {@code null} to keep it
	 * @param maxPerRoute the new {@code max-per-route}, or {@code null} to keep it
	 * @return the client, 400 naming the field if the rules reject it, or 404
	 */
	@WriteOperation
	public WebEndpointResponse<OperationResponseBody> resize(@Selector String client, @Nullable Integer maxTotal,
			@Nullable Integer maxPerRoute) {
		KeepAliveHttpClient found = this.clients.find(client);
		if (found == null) {
			return new WebEndpointResponse<>(WebEndpointResponse.STATUS_NOT_FOUND);
		}
		if (maxTotal == null && maxPerRoute == null) {
			found.pool().closeIdleConnections();
			return new WebEndpointResponse<>(describe(found));
		}
		try {
			found.pool().resize(maxTotal, maxPerRoute);
		}
		catch (InvalidSettingException ex) {
			return new WebEndpointResponse<>(InvalidLimitDescriptor.of(ex, maxTotal, maxPerRoute, found),
					WebEndpointResponse.STATUS_BAD_REQUEST);
		}
		return new WebEndpointResponse<>(describe(found));
	}

	private ClientDescriptor describe(KeepAliveHttpClient client) {
		PoolSnapshot stats = client.pool().stats();
		Map<String, Integer> adaptiveLimits = client.pool().adaptiveLimits();
		List<RouteDescriptor> routes = stats.routes()
			.entrySet()
			.stream()
			.map((route) -> new RouteDescriptor(route.getKey(), route.getValue(),
					adaptiveLimits.getOrDefault(route.getKey(), route.getValue().max())))
			.toList();
		return new ClientDescriptor(SettingsDescriptor.of(client.getSettings(), client.pool().limits()), stats.total(),
				client.pool().connections(), routes, client.pool().leaks(), AdviceDescriptor.of(client));
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
	 * @param leaks the connections held for longer than its leak-detection threshold
	 * @param advice the changes of its pool's limits that the leases over the advice
	 * window call for, empty when the pool fits
	 */
	public record ClientDescriptor(SettingsDescriptor settings, PoolUsage pool, ConnectionCounts connections,
			List<RouteDescriptor> routes, List<LeakedLease> leaks, List<AdviceDescriptor> advice)
			implements OperationResponseBody {
	}

	/**
	 * A resize the settings' rules reject.
	 *
	 * @param field the request's field at fault, {@code maxTotal} or {@code maxPerRoute}
	 * @param value the value asked for in that field
	 * @param message the rule it breaks
	 */
	public record InvalidLimitDescriptor(String field, @Nullable Integer value, String message)
			implements OperationResponseBody {

		private static final String MAX_TOTAL = "maxTotal";

		private static final String MAX_PER_ROUTE = "maxPerRoute";

		static InvalidLimitDescriptor of(InvalidSettingException ex, @Nullable Integer maxTotal,
				@Nullable Integer maxPerRoute, KeepAliveHttpClient client) {
			String message = "Invalid " + nameOf(ex.getSetting(), ex.getKey(), client) + " '" + ex.getValue() + "': "
					+ ex.getRequirement((setting) -> nameOf(setting, null, client));
			// "maxPerRoute must not exceed maxTotal" is the fault of whichever was asked for
			for (ClientSetting setting : new ClientSetting[] { ex.getSetting(), ex.getLimitingSetting() }) {
				if (PoolSettings.MAX_TOTAL.equals(setting) && maxTotal != null) {
					return new InvalidLimitDescriptor(MAX_TOTAL, maxTotal, message);
				}
				if (PoolSettings.MAX_PER_ROUTE.equals(setting) && maxPerRoute != null) {
					return new InvalidLimitDescriptor(MAX_PER_ROUTE, maxPerRoute, message);
				}
			}
			return (maxTotal != null) ? new InvalidLimitDescriptor(MAX_TOTAL, maxTotal, message)
					: new InvalidLimitDescriptor(MAX_PER_ROUTE, maxPerRoute, message);
		}

		// the request's own fields by their names; any other setting as its user knows it
		private static String nameOf(ClientSetting setting, @Nullable String key, KeepAliveHttpClient client) {
			if (PoolSettings.MAX_TOTAL.equals(setting)) {
				return MAX_TOTAL;
			}
			return PoolSettings.MAX_PER_ROUTE.equals(setting) ? MAX_PER_ROUTE : client.settingName(setting, key);

		}

	}

	/**
	 * Pool statistics of one route.
	 *
	 * @param route the route (scheme, host, port, proxy)
	 * @param pool its statistics
	 * @param limit the connections the route may hold now: its adaptive limit when the
	 * client's limits adapt, else its fixed maximum
	 */
	public record RouteDescriptor(String route, PoolUsage pool, int limit) {
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
			PoolSettings pool, KeepAliveSettings keepAlive, int maxRetries,
			@Nullable ProxyDescriptor proxy, HttpDescriptor http) {

		static SettingsDescriptor of(KeepAliveClientSettings settings, PoolLimits limits) {
			Map<String, List<String>> headers = new LinkedHashMap<>();
			settings.defaultHeaders()
				.forEach((name, values) -> headers.put(name, SensitiveValues.isSensitiveHeader(name)
						? values.stream().map((value) -> SensitiveValues.MASK).toList() : values));
			ProxySettings proxy = settings.proxy();
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
