package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;

import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;

/**
 * HttpClient's connection operator, telling each {@link InstrumentedConnection} how its
 * connect and TLS upgrade went: a connection counts as opened once established, and a
 * failed attempt counts as failed, with its reason, instead. A connect goes through the
 * SOCKS proxy the JVM would choose for a plain socket ({@link SocksProxies}).
 */
final class InstrumentedConnectionOperator implements HttpClientConnectionOperator {

	private final HttpClientConnectionOperator operator;

	InstrumentedConnectionOperator(HttpClientConnectionOperator operator) {
		this.operator = operator;
	}

	@Override
	public void connect(ManagedHttpClientConnection conn, HttpHost host, @Nullable InetSocketAddress localAddress,
			TimeValue connectTimeout, SocketConfig socketConfig, HttpContext context) throws IOException {
		connecting(conn, () -> this.operator.connect(conn, host, localAddress, connectTimeout,
				SocksProxies.forHost(host, socketConfig), context));
	}

	@Override
	public void connect(ManagedHttpClientConnection conn, HttpHost endpointHost, @Nullable NamedEndpoint endpointName,
			@Nullable InetSocketAddress localAddress, @Nullable Timeout connectTimeout, SocketConfig socketConfig,
			@Nullable Object attachment, HttpContext context) throws IOException {
		connecting(conn, () -> this.operator.connect(conn, endpointHost, endpointName, localAddress, connectTimeout,
				SocksProxies.forHost(endpointHost, socketConfig), attachment, context));
	}

	@Override
	public void connect(ManagedHttpClientConnection conn, HttpHost endpointHost, @Nullable NamedEndpoint endpointName,
			@Nullable Path unixDomainSocket, @Nullable InetSocketAddress localAddress, @Nullable Timeout connectTimeout,
			SocketConfig socketConfig, @Nullable Object attachment, HttpContext context) throws IOException {
		connecting(conn, () -> this.operator.connect(conn, endpointHost, endpointName, unixDomainSocket, localAddress,
				connectTimeout, (unixDomainSocket != null) ? socketConfig : SocksProxies.forHost(endpointHost, socketConfig),
				attachment, context));
	}

	private static void connecting(ManagedHttpClientConnection conn, Step connect) throws IOException {
		InstrumentedConnection instrumented = (conn instanceof InstrumentedConnection i) ? i : null;
		if (instrumented != null) {
			instrumented.connecting();
		}
		step(instrumented, connect);
		if (instrumented != null) {
			instrumented.connected();
		}
	}

	@Override
	public void upgrade(ManagedHttpClientConnection conn, HttpHost host, HttpContext context) throws IOException {
		upgrading(conn, host, () -> this.operator.upgrade(conn, host, context));
	}

	@Override
	public void upgrade(ManagedHttpClientConnection conn, HttpHost endpointHost, @Nullable NamedEndpoint endpointName,
			@Nullable Object attachment, HttpContext context) throws IOException {
		upgrading(conn, endpointHost,
				() -> this.operator.upgrade(conn, endpointHost, endpointName, attachment, context));
	}

	private static void upgrading(ManagedHttpClientConnection conn, HttpHost target, Step upgrade)
			throws IOException {
		InstrumentedConnection instrumented = (conn instanceof InstrumentedConnection i) ? i : null;
		step(instrumented, upgrade);
		if (instrumented != null) {
			instrumented.upgraded(target.toHostString());
		}
	}

	private static void step(@Nullable InstrumentedConnection instrumented, Step step) throws IOException {
		try {
			step.run();
		}
		catch (IOException ex) {
			if (instrumented != null) {
				instrumented.connectFailed(ex);
			}
			throw ex;
		}
	}

	@FunctionalInterface
	private interface Step {

		void run() throws IOException;

	}

}
