package io.github.keepalive.client.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

import org.apache.hc.core5.http.HttpHost;

/**
 * A key of {@code pool.max-per-host}: a host, which stands for every port and scheme of
 * that host, or a {@code host:port}, which stands for that port only.
 *
 * @param host the lower-case host
 * @param port the port, or {@code -1} for every port
 */
public record HostKey(String host, int port) {

	/**
	 * Parses a key.
	 * @param key {@code host} or {@code host:port}
	 * @return the parsed key
	 * @throws InvalidSettingException if the key is neither
	 */
	public static HostKey parse(String key) {
		try {
			URI uri = new URI("http://" + key);
			// "host:" and "host:70000" parse, but would never match a route
			if (uri.getHost() != null && uri.getPath().isEmpty() && uri.getUserInfo() == null
					&& uri.getQuery() == null && uri.getFragment() == null && !key.endsWith(":")
					&& uri.getPort() <= 65535) {
				return new HostKey(uri.getHost().toLowerCase(Locale.ROOT), uri.getPort());
			}
		}
		catch (URISyntaxException ex) {
			// reported below
		}
		throw new InvalidSettingException(PoolSettings.MAX_PER_HOST, key, key,
				"the key must be a host or host:port", null, null);
	}

	/**
	 * Whether the key stands for the given target.
	 * @param target a route's target
	 * @return whether it matches
	 */
	public boolean matches(HttpHost target) {
		return this.host.equalsIgnoreCase(target.getHostName()) && (this.port == -1 || this.port == target.getPort());
	}

}
