package io.github.keepalive.client;

import java.io.IOException;
import java.net.Socket;
import java.util.function.BooleanSupplier;

import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.io.HttpConnectionFactory;

/**
 * HttpClient's connection factory, with each connection wrapped in an
 * {@link InstrumentedConnection}.
 */
final class InstrumentedConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {

	private final String clientName;

	private final KeepAliveClientListener listener;

	private final long timeToLiveNanos;

	private final BooleanSupplier shuttingDown;

	InstrumentedConnectionFactory(String clientName, KeepAliveClientListener listener, long timeToLiveNanos,
			BooleanSupplier shuttingDown) {
		this.clientName = clientName;
		this.listener = listener;
		this.timeToLiveNanos = timeToLiveNanos;
		this.shuttingDown = shuttingDown;
	}

	@Override
	public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
		return new InstrumentedConnection(ManagedHttpClientConnectionFactory.INSTANCE.createConnection(socket),
				this.clientName, this.listener, this.timeToLiveNanos, this.shuttingDown);
	}

}
