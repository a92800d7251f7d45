package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;

import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates the unconnected sockets of a client's connections: {@link ChannelSocket}s, so
 * that {@link StaleCheck} can read an idle one without blocking. A socket that goes
 * through a SOCKS proxy is a plain one, since channels cannot use SOCKS, and gets
 * HttpClient's blocking check instead; {@link SocksProxies} finds the proxy the JVM
 * would use ({@code socksProxyHost}, a {@link java.net.ProxySelector}).
 */
final class ChannelSocketFactory implements DetachedSocketFactory {

	static final ChannelSocketFactory INSTANCE = new ChannelSocketFactory();

	private ChannelSocketFactory() {
	}

	@Override
	public Socket create(@Nullable Proxy socksProxy) throws IOException {
		return (socksProxy != null) ? new Socket(socksProxy) : new ChannelSocket();
	}

}
