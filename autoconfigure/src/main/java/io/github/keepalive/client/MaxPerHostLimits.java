package io.github.keepalive.client;

import java.io.IOException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.jspecify.annotations.Nullable;

/**
 * Applies {@code pool.max-per-host} to each route the first time a request takes it,
 * before the connection is leased. HttpClient keys its limits by route (scheme, host,
 * port, proxy), which the property cannot list up front: a {@code host} key stands for
 * every port and scheme of that host, also through a proxy; a {@code host:port} key for
 * that port only, and wins over a {@code host} key.
 */
final class MaxPerHostLimits implements ExecChainHandler {

	static final String NAME = "keepalive-max-per-host";

	private final Map<String, Integer> limits = new HashMap<>();

	private final PoolingHttpClientConnectionManager connectionManager;

	private final Set<HttpRoute> appliedRoutes = ConcurrentHashMap.newKeySet();

	MaxPerHostLimits(Map<String, Integer> maxPerHost, PoolingHttpClientConnectionManager connectionManager) {
		maxPerHost.forEach((key, max) -> this.limits.put(key.toLowerCase(Locale.ROOT), max));
		this.connectionManager = connectionManager;
	}

	/**
	 * Sets the limits of the direct routes the keys name up front (HTTP and HTTPS, on the
	 * key's port or on each scheme's default port), so that the pool shows them before the
	 * first request.
	 */
	void applyToDirectRoutes() {
		for (String key : this.limits.keySet()) {
			int colon = key.lastIndexOf(':');
			boolean hasPort = colon > 0 && !key.endsWith("]") && key.indexOf(':') == colon;
			String host = hasPort ? key.substring(0, colon) : key;
			int port = hasPort ? Integer.parseInt(key.substring(colon + 1)) : -1;
			applyTo(new HttpRoute(new HttpHost("http", host, (port != -1) ? port : 80), null, false));
			applyTo(new HttpRoute(new HttpHost("https", host, (port != -1) ? port : 443), null, true));
		}
	}

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		if (!this.appliedRoutes.contains(scope.route)) {
			applyTo(scope.route);
		}
		return chain.proceed(request, scope);
	}

	private void applyTo(HttpRoute route) {
		// the host:port key wins over the host key whatever the order of the keys;
		// idempotent, so callers racing on a new route all set the same limit
		Integer max = limitFor(route.getTargetHost());
		if (max != null) {
			this.connectionManager.setMaxPerRoute(route, max);
			this.appliedRoutes.add(route);
		}
	}

	@Nullable Integer limitFor(HttpHost target) {
		String host = target.getHostName().toLowerCase(Locale.ROOT);
		Integer withPort = this.limits.get(host + ":" + target.getPort());
		return (withPort != null) ? withPort : this.limits.get(host);
	}

}
