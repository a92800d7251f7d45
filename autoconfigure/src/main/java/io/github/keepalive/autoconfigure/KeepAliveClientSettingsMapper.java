package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import io.github.keepalive.client.settings.AdaptiveSettings;
import io.github.keepalive.client.settings.BaseUrl;
import io.github.keepalive.client.settings.InvalidSettingException;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.client.settings.ProxySettings;
import io.github.keepalive.client.settings.WarmUpSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.StringUtils;

/**
 * Maps {@code keepalive.*} properties to {@link KeepAliveClientSettings}: a named
 * client's unset values fall back to the default client's, the default client's to Spring
 * Boot's {@code spring.http.clients.*} settings and then to the starter's defaults. The
 * settings records check the values; a value they reject is reported here with the full
 * name of the property it came from.
 */
final class KeepAliveClientSettingsMapper {

	private static final Pattern CLIENT_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");

	private final @Nullable SslBundles sslBundles;

	private final HttpClientSettings applicationSettings;

	KeepAliveClientSettingsMapper(@Nullable SslBundles sslBundles, HttpClientSettings applicationSettings) {
		this.sslBundles = sslBundles;
		this.applicationSettings = applicationSettings;
	}

	/**
	 * Settings of the default client, configured directly under {@code keepalive.}.
	 * @param properties the properties
	 * @return the settings
	 */
	KeepAliveClientSettings mapDefaultClient(KeepAliveProperties properties) {
		return map(KeepAliveClientSettings.DEFAULT_CLIENT_NAME,
				new InheritedProperties(KeepAlivePropertyNames.PREFIX, properties, null));
	}

	/**
	 * Settings of a named client, configured under {@code keepalive.clients.<name>.}.
	 * @param name the client's name
	 * @param properties the properties
	 * @return the settings
	 */
	KeepAliveClientSettings mapNamedClient(String name, KeepAliveProperties properties) {
		String prefix = KeepAlivePropertyNames.namedClientPrefix(name);
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
		return map(name, new InheritedProperties(prefix, client, properties));
	}

	private KeepAliveClientSettings map(String name, InheritedProperties properties) {
		try {
			return new KeepAliveClientSettings(name, baseUrl(properties.own().getBaseUrl()),
					defaultHeaders(properties), pool(properties), keepAlive(properties),
					properties.get("retry.max-retries", (p) -> p.getRetry().getMaxRetries(),
							KeepAliveClientSettings.DEFAULT_MAX_RETRIES),
					proxy(properties), http(properties), warmUp(properties));
		}
		catch (InvalidSettingException ex) {
			throw properties.invalid(ex);
		}
	}

	private static @Nullable BaseUrl baseUrl(@Nullable String baseUrl) {
		return StringUtils.hasText(baseUrl) ? BaseUrl.of(baseUrl) : null;
	}

	private static Map<String, List<String>> defaultHeaders(InheritedProperties properties) {
		Map<String, List<String>> headers = new LinkedHashMap<>();
		properties.merged("default-headers", KeepAliveClientProperties::getDefaultHeaders)
			.forEach((name, values) -> headers.put(name, List.copyOf(values)));
		return headers;
	}

	private static PoolSettings pool(InheritedProperties properties) {
		PoolSettings defaults = PoolSettings.DEFAULTS;
		int maxTotal = properties.get("pool.max-total", (p) -> p.getPool().getMaxTotal(), defaults.maxTotal());
		Map<String, Integer> maxPerHost = properties.merged("pool.max-per-host", (p) -> p.getPool().getMaxPerHost());
		// an unset max-per-route never exceeds an explicitly smaller max-total, nor an unset
		// adaptive floor an explicitly smaller max-per-route
		int maxPerRoute = properties.get("pool.max-per-route", (p) -> p.getPool().getMaxPerRoute(),
				Math.min(defaults.maxPerRoute(), maxTotal));
		return new PoolSettings(maxTotal, maxPerRoute,
				maxPerHost,
				properties.get("pool.lease-timeout", (p) -> p.getPool().getLeaseTimeout(), defaults.leaseTimeout()),
				properties.get("pool.concurrency-policy", (p) -> p.getPool().getConcurrencyPolicy(),
						defaults.concurrencyPolicy()),
				properties.get("pool.reuse-policy", (p) -> p.getPool().getReusePolicy(), defaults.reusePolicy()),
				properties.get("pool.leak-detection-threshold", (p) -> p.getPool().getLeakDetectionThreshold(),
						defaults.leakDetectionThreshold()),
				new AdaptiveSettings(
						properties.get("pool.adaptive.enabled", (p) -> p.getPool().getAdaptive().getEnabled(),
								defaults.adaptive().enabled()),
						properties.get("pool.adaptive.min-per-route",
								(p) -> p.getPool().getAdaptive().getMinPerRoute(),
								Math.max(1, Math.min(defaults.adaptive().minPerRoute(), maxPerRoute)))));
	}

	private static KeepAliveSettings keepAlive(InheritedProperties properties) {
		KeepAliveSettings defaults = KeepAliveSettings.DEFAULTS;
		Duration timeToLive = properties.get("keep-alive.time-to-live", (p) -> p.getKeepAlive().getTimeToLive(),
				defaults.timeToLive());
		return new KeepAliveSettings(
				properties.get("keep-alive.enabled", (p) -> p.getKeepAlive().getEnabled(), defaults.enabled()),
				properties.get("keep-alive.idle-timeout", (p) -> p.getKeepAlive().getIdleTimeout(),
						defaults.idleTimeout()),
				timeToLive,
				properties.get("keep-alive.validate-after-inactivity",
						(p) -> p.getKeepAlive().getValidateAfterInactivity(), defaults.validateAfterInactivity()),
				properties.get("keep-alive.time-to-live-jitter", (p) -> p.getKeepAlive().getTimeToLiveJitter(),
						KeepAliveSettings.defaultJitter(timeToLive)));
	}

	private static WarmUpSettings warmUp(InheritedProperties properties) {
		WarmUpSettings defaults = WarmUpSettings.DEFAULTS;
		return new WarmUpSettings(
				properties.get("warm-up.connections", (p) -> p.getWarmUp().getConnections(), defaults.connections()),
				properties.get("warm-up.timeout", (p) -> p.getWarmUp().getTimeout(), defaults.timeout()));
	}

	private static @Nullable ProxySettings proxy(InheritedProperties properties) {
		String host = properties.get("proxy.host", (p) -> p.getProxy().getHost(), null);
		if (!StringUtils.hasText(host)) {
			return null;
		}
		Integer port = properties.get("proxy.port", (p) -> p.getProxy().getPort(), null);
		if (port == null) {
			throw new InvalidKeepAlivePropertyException(properties.property("proxy.port"), null,
					"a proxy needs a port between 1 and 65535",
					"Set " + properties.property("proxy.port") + ", e.g. " + properties.property("proxy.port")
							+ "=3128.");
		}
		List<String> nonProxyHosts = properties.get("proxy.non-proxy-hosts",
				(p) -> p.getProxy().getNonProxyHosts().isEmpty() ? null : p.getProxy().getNonProxyHosts(), List.of());
		return new ProxySettings(host, port,
				properties.get("proxy.username", (p) -> p.getProxy().getUsername(), null),
				properties.get("proxy.password", (p) -> p.getProxy().getPassword(), null), nonProxyHosts);
	}

	private HttpClientSettings http(InheritedProperties properties) {
		PropertyMapper map = PropertyMapper.get();
		HttpClientSettings settings = this.applicationSettings;
		settings = map.from(properties.get("connect-timeout", KeepAliveClientProperties::getConnectTimeout, null))
			.orFrom(this.applicationSettings::connectTimeout)
			.orFrom(() -> KeepAliveClientSettings.DEFAULT_CONNECT_TIMEOUT)
			.to(settings, HttpClientSettings::withConnectTimeout);
		settings = map.from(properties.get("read-timeout", KeepAliveClientProperties::getReadTimeout, null))
			.orFrom(this.applicationSettings::readTimeout)
			.orFrom(() -> KeepAliveClientSettings.DEFAULT_READ_TIMEOUT)
			.to(settings, HttpClientSettings::withReadTimeout);
		String bundle = properties.get("ssl.bundle", (p) -> p.getSsl().getBundle(), null);
		return map.from(bundle)
			.whenHasText()
			.as((name) -> sslBundle(properties.property("ssl.bundle"), name))
			.to(settings, HttpClientSettings::withSslBundle);
	}

	private SslBundle sslBundle(String property, String bundle) {
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

}
