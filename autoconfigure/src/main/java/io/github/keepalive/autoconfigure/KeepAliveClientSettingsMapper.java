package io.github.keepalive.autoconfigure;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.github.keepalive.client.KeepAliveClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * Maps {@code keepalive.*} properties to validated {@link KeepAliveClientSettings}: a named
 * client's unset values fall back to the default client's, the default client's to Spring
 * Boot's {@code spring.http.clients.*} settings and then to the starter's defaults.
 */
final class KeepAliveClientSettingsMapper {

	private static final String PREFIX = "keepalive";

	private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

	private final @Nullable SslBundles sslBundles;

	private final HttpClientSettings bootSettings;

	KeepAliveClientSettingsMapper(@Nullable SslBundles sslBundles, HttpClientSettings bootSettings) {
		this.sslBundles = sslBundles;
		this.bootSettings = bootSettings;
	}

	/**
	 * Settings of the default client, configured directly under {@code keepalive.}.
	 * @param properties the properties
	 * @return the settings
	 */
	KeepAliveClientSettings mapDefaultClient(KeepAliveProperties properties) {
		return map(KeepAliveClientSettings.DEFAULT_CLIENT_NAME, PREFIX, properties, null);
	}

	/**
	 * Settings of a named client, configured under {@code keepalive.clients.<name>.}.
	 * @param name the client's name
	 * @param properties the properties
	 * @return the settings
	 */
	KeepAliveClientSettings mapNamedClient(String name, KeepAliveProperties properties) {
		String prefix = PREFIX + ".clients." + name;
		if (!CLIENT_NAME.matcher(name).matches() || KeepAliveClientSettings.DEFAULT_CLIENT_NAME.equals(name)) {
			throw new InvalidKeepAlivePropertyException(prefix, name,
					"a client name must start with a letter, hold only letters, digits, '-' and '_', and not be '"
							+ KeepAliveClientSettings.DEFAULT_CLIENT_NAME + "'",
					"Rename the client, e.g. keepalive.clients.payments.base-url=...");
		}
		KeepAliveClientProperties client = properties.getClients().get(name);
		if (client == null) {
			throw new IllegalArgumentException("No keep-alive client named '" + name + "'");
		}
		return map(name, prefix, client, properties);
	}

	private KeepAliveClientSettings map(String name, String prefix, KeepAliveClientProperties client,
			@Nullable KeepAliveClientProperties fallback) {
		Resolver resolve = new Resolver(prefix, client, fallback);
		KeepAliveClientSettings.Pool defaultPool = KeepAliveClientSettings.Pool.DEFAULTS;
		int maxTotal = resolve.positive("pool.max-total", (p) -> p.getPool().getMaxTotal(), defaultPool.maxTotal());
		// An unset max-per-route never exceeds an explicitly smaller max-total
		int maxPerRoute = resolve.positive("pool.max-per-route", (p) -> p.getPool().getMaxPerRoute(),
				Math.min(defaultPool.maxPerRoute(), maxTotal));
		if (maxPerRoute > maxTotal) {
			throw new InvalidKeepAlivePropertyException(prefix + ".pool.max-per-route", maxPerRoute,
					"must not exceed " + prefix + ".pool.max-total (" + maxTotal + ")",
					"Lower " + prefix + ".pool.max-per-route or raise " + prefix + ".pool.max-total.");
		}
		Map<String, Integer> maxPerHost = maxPerHost(prefix, client, fallback, maxTotal);
		KeepAliveClientSettings.Pool pool = new KeepAliveClientSettings.Pool(maxTotal, maxPerRoute, maxPerHost,
				resolve.positive("pool.lease-timeout", (p) -> p.getPool().getLeaseTimeout(),
						defaultPool.leaseTimeout()),
				resolve.value((p) -> p.getPool().getConcurrencyPolicy(), defaultPool.concurrencyPolicy()),
				resolve.value((p) -> p.getPool().getReusePolicy(), defaultPool.reusePolicy()));
		KeepAliveClientSettings.KeepAlive defaultKeepAlive = KeepAliveClientSettings.KeepAlive.DEFAULTS;
		KeepAliveClientSettings.KeepAlive keepAlive = new KeepAliveClientSettings.KeepAlive(
				resolve.value((p) -> p.getKeepAlive().getEnabled(), defaultKeepAlive.enabled()),
				resolve.positive("keep-alive.idle-timeout", (p) -> p.getKeepAlive().getIdleTimeout(),
						defaultKeepAlive.idleTimeout()),
				resolve.positive("keep-alive.time-to-live", (p) -> p.getKeepAlive().getTimeToLive(),
						defaultKeepAlive.timeToLive()),
				resolve.positive("keep-alive.validate-after-inactivity",
						(p) -> p.getKeepAlive().getValidateAfterInactivity(),
						defaultKeepAlive.validateAfterInactivity()));
		int maxRetries = resolve.value((p) -> p.getRetry().getMaxRetries(),
				KeepAliveClientSettings.DEFAULT_MAX_RETRIES);
		if (maxRetries < 0) {
			throw new InvalidKeepAlivePropertyException(prefix + ".retry.max-retries", maxRetries,
					"must be 0 or more", "Set " + prefix + ".retry.max-retries to 0 to disable retries, or more.");
		}
		HttpClientSettings http = this.bootSettings
			.withTimeouts(
					resolve.positive("connect-timeout", KeepAliveClientProperties::getConnectTimeout,
							orDefault(this.bootSettings.connectTimeout(),
									KeepAliveClientSettings.DEFAULT_CONNECT_TIMEOUT)),
					resolve.positive("read-timeout", KeepAliveClientProperties::getReadTimeout,
							orDefault(this.bootSettings.readTimeout(), KeepAliveClientSettings.DEFAULT_READ_TIMEOUT)))
			.withSslBundle(sslBundle(prefix, client, fallback));
		return new KeepAliveClientSettings(name, baseUrl(prefix, client.getBaseUrl()),
				defaultHeaders(client, fallback), pool, keepAlive, maxRetries, proxy(prefix, client, fallback), http);
	}

	private Map<String, Integer> maxPerHost(String prefix, KeepAliveClientProperties client,
			@Nullable KeepAliveClientProperties fallback, int maxTotal) {
		Map<String, Integer> maxPerHost = new LinkedHashMap<>();
		if (fallback != null) {
			maxPerHost.putAll(fallback.getPool().getMaxPerHost());
		}
		maxPerHost.putAll(client.getPool().getMaxPerHost());
		maxPerHost.forEach((host, max) -> {
			String property = prefix + ".pool.max-per-host." + host;
			if (max == null || max < 1 || max > maxTotal) {
				throw new InvalidKeepAlivePropertyException(property, max,
						"must be between 1 and " + prefix + ".pool.max-total (" + maxTotal + ")",
						"Set " + property + " to a value in that range.");
			}
			if (!validHostAndPort(host)) {
				throw new InvalidKeepAlivePropertyException(property, max,
						"the key '" + host + "' is not a host or host:port",
						"Use the downstream's host name, e.g. " + prefix + ".pool.max-per-host.[api.example.com:8443]=20.");
			}
		});
		return maxPerHost;
	}

	private static boolean validHostAndPort(String key) {
		try {
			URI uri = new URI("http://" + key);
			return uri.getHost() != null && uri.getPath().isEmpty() && uri.getUserInfo() == null;
		}
		catch (URISyntaxException ex) {
			return false;
		}
	}

	private static @Nullable URI baseUrl(String prefix, @Nullable String baseUrl) {
		if (!StringUtils.hasText(baseUrl)) {
			return null;
		}
		String property = prefix + ".base-url";
		String action = "Set " + property + " to an absolute http or https URL, e.g. https://api.example.com/v1.";
		try {
			URI uri = new URI(baseUrl);
			String scheme = uri.getScheme();
			if (!uri.isAbsolute() || uri.getHost() == null
					|| !("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme))) {
				throw new InvalidKeepAlivePropertyException(property, masked(baseUrl),
						"not an absolute http or https URL with a host", action);
			}
			return uri;
		}
		catch (URISyntaxException ex) {
			throw new InvalidKeepAlivePropertyException(property, masked(baseUrl),
					"not a valid URL (" + ex.getReason() + ")", action);
		}
	}

	/**
	 * The URL with any user information (credentials) masked.
	 * @param url the URL
	 * @return the masked URL
	 */
	static String masked(String url) {
		return url.replaceFirst("(?<=//)[^/@?#]*@", "******@");
	}

	private static Map<String, List<String>> defaultHeaders(KeepAliveClientProperties client,
			@Nullable KeepAliveClientProperties fallback) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		if (fallback != null) {
			fallback.getDefaultHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
		}
		client.getDefaultHeaders().forEach((name, values) -> headers.put(name, List.copyOf(values)));
		return headers;
	}

	private @Nullable SslBundle sslBundle(String prefix, KeepAliveClientProperties client,
			@Nullable KeepAliveClientProperties fallback) {
		String bundle = new Resolver(prefix, client, fallback).value((p) -> p.getSsl().getBundle(), null);
		if (!StringUtils.hasText(bundle)) {
			return this.bootSettings.sslBundle();
		}
		String property = prefix + ".ssl.bundle";
		String action = "Define the bundle under spring.ssl.bundle.jks." + bundle + " or spring.ssl.bundle.pem."
				+ bundle + ", or correct " + property + ".";
		if (this.sslBundles == null) {
			throw new InvalidKeepAlivePropertyException(property, bundle, "no SSL bundles are configured", action);
		}
		try {
			return this.sslBundles.getBundle(bundle);
		}
		catch (NoSuchSslBundleException ex) {
			throw new InvalidKeepAlivePropertyException(property, bundle, "there is no SSL bundle named '" + bundle + "'",
					action, ex);
		}
	}

	private static KeepAliveClientSettings.@Nullable Proxy proxy(String prefix, KeepAliveClientProperties client,
			@Nullable KeepAliveClientProperties fallback) {
		Resolver resolve = new Resolver(prefix, client, fallback);
		String host = resolve.value((p) -> p.getProxy().getHost(), null);
		if (!StringUtils.hasText(host)) {
			return null;
		}
		Integer port = resolve.value((p) -> p.getProxy().getPort(), null);
		if (port == null || port < 1 || port > 65535) {
			throw new InvalidKeepAlivePropertyException(prefix + ".proxy.port", port,
					"a proxy needs a port between 1 and 65535",
					"Set " + prefix + ".proxy.port, e.g. " + prefix + ".proxy.port=3128.");
		}
		List<String> nonProxyHosts = client.getProxy().getNonProxyHosts();
		if (nonProxyHosts.isEmpty() && fallback != null) {
			nonProxyHosts = fallback.getProxy().getNonProxyHosts();
		}
		return new KeepAliveClientSettings.Proxy(host, port, resolve.value((p) -> p.getProxy().getUsername(), null),
				resolve.value((p) -> p.getProxy().getPassword(), null), nonProxyHosts);
	}

	private static Duration orDefault(@Nullable Duration value, Duration defaultValue) {
		return (value != null) ? value : defaultValue;
	}

	/**
	 * Reads one value from a client's properties, then its fallback's, then a default.
	 */
	private record Resolver(String prefix, KeepAliveClientProperties client,
			@Nullable KeepAliveClientProperties fallback) {

		<T> T value(Function<KeepAliveClientProperties, @Nullable T> getter, T defaultValue) {
			T value = getter.apply(this.client);
			if (value == null && this.fallback != null) {
				value = getter.apply(this.fallback);
			}
			return (value != null) ? value : defaultValue;
		}

		int positive(String property, Function<KeepAliveClientProperties, @Nullable Integer> getter,
				int defaultValue) {
			int value = value(getter, defaultValue);
			if (value < 1) {
				throw new InvalidKeepAlivePropertyException(this.prefix + "." + property, value, "must be at least 1",
						"Set " + this.prefix + "." + property + " to 1 or more (default " + defaultValue + ").");
			}
			return value;
		}

		Duration positive(String property, Function<KeepAliveClientProperties, @Nullable Duration> getter,
				Duration defaultValue) {
			Duration value = value(getter, defaultValue);
			if (value.isNegative() || value.isZero()) {
				throw new InvalidKeepAlivePropertyException(this.prefix + "." + property, value,
						"must be a positive duration", "Set " + this.prefix + "." + property
								+ " to a positive duration such as 5s (default " + defaultValue + ").");
			}
			return value;
		}

	}

}
