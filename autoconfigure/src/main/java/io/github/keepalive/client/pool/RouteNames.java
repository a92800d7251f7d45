package io.github.keepalive.client.pool;

import org.apache.hc.client5.http.HttpRoute;

/**
 * The one way a route is named wherever it is shown: in the endpoint, in meter tags and
 * in error messages, e.g. {@code https://api.example.com:443} or
 * {@code https://api.example.com:443 via http://proxy:3128}.
 */
public final class RouteNames {

	private RouteNames() {
	}

	/**
	 * The name of a route.
	 * @param route the route
	 * @return its name
	 */
	public static String of(HttpRoute route) {
		String target = route.getTargetHost().toURI();
		return (route.getProxyHost() != null) ? target + " via " + route.getProxyHost().toURI() : target;
	}

}
