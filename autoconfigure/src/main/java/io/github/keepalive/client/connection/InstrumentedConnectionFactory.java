package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Socket;
import java.util.function.BooleanSupplier;

import org.apache.hc.client5.http.impl.io.ManagedHttpClientConnectionFactory;
import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.io.HttpConnectionFactory;

/**
 * HttpClient's connection factory, with each connection wrapped in an
 * {@link InstrumentedConnection}. Use it with the operator of an
 * {@link InstrumentedConnectionManagerBuilder}, which tells the connections how their
 * connects went.
 */
public final class InstrumentedConnectionFactory implements HttpConnectionFactory<ManagedHttpClientConnection> {

	private final ConnectionListener listener;

	private final ConnectionLifePolicy lifePolicy;

	private final BooleanSupplier shuttingDown;

	private final ServerIdleLimits idleLimits = new ServerIdleLimits();

	private final ConnectionTally tally = new ConnectionTally();

	/**
	 * Creates a factory.
	 * @param listener told of each connection's life
	 * @param lifePolicy how long each connection lives
	 * @param shuttingDown whether the client is being closed
	 */
	public InstrumentedConnectionFactory(ConnectionListener listener, ConnectionLifePolicy lifePolicy,
			BooleanSupplier shuttingDown) {
		this.listener = listener;
		this.lifePolicy = lifePolicy;
		this.shuttingDown = shuttingDown;
	}

	/**
	 * An unconnected socket of the kind the pool connects these connections over, for
	 * benchmarks that bind connections to sockets themselves.
	 * @return a new socket
	 * @throws IOException if it cannot be opened
	 */
	public static Socket createSocket() throws IOException {
		return ChannelSocketFactory.INSTANCE.create(null);
	}

	@Override
	public ManagedHttpClientConnection createConnection(Socket socket) throws IOException {
		return new InstrumentedConnection(ManagedHttpClientConnectionFactory.INSTANCE.createConnection(socket),
				this.listener, this.tally, this.lifePolicy, this.idleLimits, this.shuttingDown);
	}

	/**
	 * The connections this factory's connections established and failed to.
	 * @return the tally
	 */
	public ConnectionTally tally() {
		return this.tally;
	}

}
