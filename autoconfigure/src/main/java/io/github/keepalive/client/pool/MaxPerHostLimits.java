package io.github.keepalive.client.pool;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.keepalive.client.settings.HostKey;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;
import org.jspecify.annotations.Nullable;

/**
 * {@code maxPerHost}: the per-route limit of each route whose target a key names.
 * HttpClient keys its limits by route (scheme, host, port, proxy), which the property
 * cannot list up front, so each route gets its limit on first use; a {@code host:port}
 * key wins over a {@code host} key whatever the order of the keys.
 */
final class MaxPerHostLimits {

	private final Map<HostKey, Integer> limits = new LinkedHashMap<>();

	private final Map<HostKey, String> keys = new LinkedHashMap<>();

	MaxPerHostLimits(Map<String, Integer> maxPerHost) {
		maxPerHost.forEach((key, max) -> {
			HostKey hostKey = HostKey.parse(key);
			this.limits.put(hostKey, max);
			this.keys.put(hostKey, key);
		});
	}

	boolean isEmpty() {
		return this.limits.isEmpty();
	}

	/**
	 * The direct routes the keys name, over HTTP and HTTPS, on the key's port or on each
	 * scheme's default port: their limits are set up front, so that the pool shows them
	 * before the first request.
	 * @return the routes and their limits
	 */
	Map<HttpRoute, Integer> directRoutes() {
		Map<HttpRoute, Integer> routes = new LinkedHashMap<>();
		this.limits.keySet().forEach((key) -> {
			for (HttpRoute route : new HttpRoute[] {
					new HttpRoute(new HttpHost("http", key.host(), (key.port() != -1) ? key.port() : 80), null, false),
					new HttpRoute(new HttpHost("https", key.host(), (key.port() != -1) ? key.port() : 443), null,
							true) }) {
				routes.put(route, limitFor(route.getTargetHost()));
			}
		});
		return routes;
	}

	@Nullable Integer limitFor(HttpHost target) {
		HostKey key = keyFor(target);
		return (key != null) ? this.limits.get(key) : null;
	}

	/**
	 * The key whose limit the given target runs with, as the settings spell it.
	 * @param target a route's target
	 * @return the key, or {@code null} if none names the target
	 */
	@Nullable String settingKeyFor(HttpHost target) {
		HostKey key = keyFor(target);
		return (key != null) ? this.keys.get(key) : null;
	}

	private @Nullable HostKey keyFor(HttpHost target) {
		HostKey hostKey = null;
		for (HostKey key : this.limits.keySet()) {
			if (key.matches(target)) {
				if (key.port() != -1) {
					return key;
				}
				hostKey = key;
			}
		}
		return hostKey;
	}

}
