package io.github.keepalive.client.exec;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

/**
 * Routes requests through one proxy, except to hosts matching a non-proxy pattern
 * ({@code *} wildcards, case-insensitive, as in the JDK's {@code http.nonProxyHosts}).
 */
public final class ProxyRoutePlanner extends DefaultRoutePlanner {

	private final HttpHost proxy;

	private final List<Pattern> nonProxyHosts;

	public ProxyRoutePlanner(HttpHost proxy, List<String> nonProxyHosts) {
		super(DefaultSchemePortResolver.INSTANCE);
		this.proxy = proxy;
		this.nonProxyHosts = nonProxyHosts.stream().map(ProxyRoutePlanner::pattern).toList();
	}

	@Override
	protected @Nullable HttpHost determineProxy(HttpHost target, HttpContext context) {
		String host = target.getHostName().toLowerCase(Locale.ROOT);
		return this.nonProxyHosts.stream().anyMatch((pattern) -> pattern.matcher(host).matches()) ? null : this.proxy;
	}

	private static Pattern pattern(String hostPattern) {
		String[] parts = hostPattern.trim().toLowerCase(Locale.ROOT).split("\\*", -1);
		StringBuilder regex = new StringBuilder();
		for (int i = 0; i < parts.length; i++) {
			regex.append((i > 0) ? ".*" : "").append(Pattern.quote(parts[i]));
		}
		return Pattern.compile(regex.toString());
	}

}
