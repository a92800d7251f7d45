package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Proxy;
import java.net.Socket;
import java.nio.channels.SocketChannel;

import org.apache.hc.client5.http.io.DetachedSocketFactory;
import org.jspecify.annotations.Nullable;

/**
 * Creates the unconnected sockets of a client's connections from {@link SocketChannel}s,
 * so that {@link StaleCheck} can read an idle one without blocking. A socket that goes
 * through a SOCKS proxy (given, or set for the JVM with {@code socksProxyHost} or
 * {@code java.net.useSystemProxies}) is a plain one, since channels ignore SOCKS: it gets
 * HttpClient's blocking check instead.
 */
final class ChannelSocketFactory implements DetachedSocketFactory {

	static final ChannelSocketFactory INSTANCE = new ChannelSocketFactory();

	private ChannelSocketFactory() {
	}

	@Override
	public Socket create(@Nullable Proxy socksProxy) throws IOException {
		if (socksProxy != null) {
			return new Socket(socksProxy);
		}
		if (jvmMayUseSocks()) {
			return new Socket();
		}
		return SocketChannel.open().socket();
	}

	private static boolean jvmMayUseSocks() {
		return System.getProperty("socksProxyHost") != null || Boolean.getBoolean("java.net.useSystemProxies");
	}

}
