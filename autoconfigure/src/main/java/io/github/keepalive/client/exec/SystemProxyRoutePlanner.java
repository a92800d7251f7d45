package io.github.keepalive.client.exec;

import java.io.IOException;
import java.io.InputStream;
import java.net.ProxySelector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.SystemDefaultRoutePlanner;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * HttpClient's route planner for {@code useSystemProperties()}: the JVM's
 * {@link ProxySelector} chooses each request's proxy, as with Spring Boot's own client.
 * That look-up builds a {@code URI} and reads the proxy properties on every request; when
 * the selector is the JDK's own and no proxy is configured (no {@code http.proxyHost},
 * {@code https.proxyHost}, {@code proxyHost} or {@code socksProxyHost}, and no
 * {@code java.net.useSystemProxies}), it can only answer "direct", so the planner answers
 * that itself. The properties are read on every request, so setting one later still
 * takes effect, as with the JDK's selector.
 */
public final class SystemProxyRoutePlanner extends SystemDefaultRoutePlanner {

	// read on every request: an array, not a list, for a loop without an iterator
	private static final String[] PROXY_HOST_PROPERTIES = { "http.proxyHost", "https.proxyHost", "proxyHost",
			"socksProxyHost" };

	private static final String USE_SYSTEM_PROXIES = "java.net.useSystemProxies";

	private static final boolean USE_SYSTEM_PROXIES_BY_DEFAULT = useSystemProxiesByDefault();

	private final boolean jdkSelector;

	/**
	 * A planner over the JVM's default selector as it is now, as HttpClient's builder does.
	 */
	public SystemProxyRoutePlanner() {
		this(ProxySelector.getDefault());
	}

	SystemProxyRoutePlanner(@Nullable ProxySelector proxySelector) {
		super(DefaultSchemePortResolver.INSTANCE, proxySelector);
		this.jdkSelector = proxySelector != null
				&& proxySelector.getClass().getName().equals("sun.net.spi.DefaultProxySelector");
	}

	@Override
	protected @Nullable HttpHost determineProxy(HttpHost target, HttpContext context) throws HttpException {
		if (this.jdkSelector && !isProxyConfigured()) {
			return null;
		}
		return super.determineProxy(target, context);
	}

	static boolean isProxyConfigured() {
		for (String name : PROXY_HOST_PROPERTIES) {
			String host = System.getProperty(name);
			if (host != null && !host.isEmpty()) {
				return true;
			}
		}
		String useSystemProxies = System.getProperty(USE_SYSTEM_PROXIES);
		return (useSystemProxies != null) ? Boolean.parseBoolean(useSystemProxies) : USE_SYSTEM_PROXIES_BY_DEFAULT;
	}

	// the JDK's selector falls back to conf/net.properties, which may turn system proxies on
	private static boolean useSystemProxiesByDefault() {
		Path file = Path.of(System.getProperty("java.home"), "conf", "net.properties");
		Properties properties = new Properties();
		try (InputStream in = Files.newInputStream(file)) {
			properties.load(in);
		}
		catch (IOException | RuntimeException ex) {
			// unreadable: the selector cannot read it either
			return false;
		}
		return Boolean.parseBoolean(properties.getProperty(USE_SYSTEM_PROXIES, "false").trim());
	}

}
