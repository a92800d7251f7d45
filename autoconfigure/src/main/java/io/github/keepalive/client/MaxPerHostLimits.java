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

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		HttpRoute route = scope.route;
		if (!this.appliedRoutes.contains(route)) {
			Integer max = limitFor(route.getTargetHost());
			if (max != null) {
				// idempotent: callers racing on a new route all set the same limit
				this.connectionManager.setMaxPerRoute(route, max);
				this.appliedRoutes.add(route);
			}
		}
		return chain.proceed(request, scope);
	}

	@Nullable Integer limitFor(HttpHost target) {
		String host = target.getHostName().toLowerCase(Locale.ROOT);
		Integer withPort = this.limits.get(host + ":" + target.getPort());
		return (withPort != null) ? withPort : this.limits.get(host);
	}

}
