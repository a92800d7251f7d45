package io.github.keepalive.client.connection;

import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;

import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.io.SocketConfig;
import org.jspecify.annotations.Nullable;

/**
 * The SOCKS proxy the JVM would connect a plain socket through: a plain
 * {@link java.net.Socket} asks the default {@link ProxySelector} for
 * {@code socket://host:port} when it connects (which is how {@code socksProxyHost} and
 * {@code java.net.useSystemProxies} work too). A channel never asks, so the connect asks
 * for it and hands the proxy to HttpClient's operator, which then uses a plain socket.
 */
final class SocksProxies {

	private SocksProxies() {
	}

	/**
	 * The socket config to connect to a host with: the given one, or one naming the SOCKS
	 * proxy the default proxy selector chooses for the host.
	 * @param host the host the socket connects to
	 * @param socketConfig the socket config
	 * @return the socket config to use
	 */
	static SocketConfig forHost(HttpHost host, SocketConfig socketConfig) {
		if (socketConfig.getSocksProxyAddress() != null) {
			return socketConfig;
		}
		SocketAddress proxy = socksProxy(ProxySelector.getDefault(), host);
		return (proxy != null) ? SocketConfig.copy(socketConfig).setSocksProxyAddress(proxy).build() : socketConfig;
	}

	static @Nullable SocketAddress socksProxy(@Nullable ProxySelector selector, HttpHost host) {
		if (selector == null) {
			return null;
		}
		int port = (host.getPort() >= 0) ? host.getPort()
				: URIScheme.HTTPS.same(host.getSchemeName()) ? 443 : 80;
		List<Proxy> proxies;
		try {
			proxies = selector.select(new URI("socket", null, host.getHostName(), port, null, null, null));
		}
		catch (URISyntaxException | IllegalArgumentException ex) {
			return null;
		}
		if (proxies == null) {
			return null;
		}
		for (Proxy proxy : proxies) {
			if (proxy.type() == Proxy.Type.SOCKS && proxy.address() != null) {
				return proxy.address();
			}
			if (proxy.type() == Proxy.Type.DIRECT) {
				return null;
			}
		}
		return null;
	}

}
