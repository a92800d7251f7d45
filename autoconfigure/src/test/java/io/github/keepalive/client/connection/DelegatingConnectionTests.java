package io.github.keepalive.client.connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.time.Duration;

import javax.net.ssl.SSLSession;

import org.apache.hc.client5.http.io.ManagedHttpClientConnection;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.EndpointDetails;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.ProtocolVersion;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.util.Timeout;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.mockito.MockMakers;

import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.withSettings;

/**
 * {@link DelegatingConnection}: each method it declares is the wrapped HttpClient
 * connection's, as an {@link InstrumentedConnection} inherits it.
 */
class DelegatingConnectionTests {

	private static final Socket SOCKET = new Socket();

	private static final SSLSession SSL_SESSION = mock(SSLSession.class, withSettings().mockMaker(MockMakers.SUBCLASS));

	private static final EndpointDetails ENDPOINT = mock(EndpointDetails.class, withSettings().mockMaker(MockMakers.SUBCLASS));

	private final ManagedHttpClientConnection delegate = DelegationAssertions
		.delegate(ManagedHttpClientConnection.class, DelegatingConnectionTests::returned);

	@Test
	void everyMethodItDeclaresIsTheWrappedConnections() throws Exception {
		InstrumentedConnection connection = new InstrumentedConnection(this.delegate, new ConnectionListener() {
		}, new ConnectionTally(), ConnectionLifePolicy.fixed(Duration.ofMinutes(1)), new ServerIdleLimits(),
				() -> false);
		DelegationAssertions.assertDelegates(DelegatingConnection.class, connection,
				ManagedHttpClientConnection.class, this.delegate, DelegatingConnectionTests::argument,
				DelegatingConnectionTests::returned);
	}

	private static Object argument(Class<?> type, int position) {
		if (type == ClassicHttpRequest.class) {
			return new BasicClassicHttpRequest("GET", "/" + position);
		}
		if (type == Timeout.class) {
			return Timeout.ofSeconds(10 + position);
		}
		throw new IllegalStateException("No argument of " + type);
	}

	private static @Nullable Object returned(Class<?> type, int position) {
		if (type == boolean.class) {
			return true;
		}
		if (type == Socket.class) {
			return SOCKET;
		}
		if (type == SSLSession.class) {
			return SSL_SESSION;
		}
		if (type == EndpointDetails.class) {
			return ENDPOINT;
		}
		if (type == SocketAddress.class) {
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), 4242);
		}
		if (type == ProtocolVersion.class) {
			return HttpVersion.HTTP_1_1;
		}
		if (type == Timeout.class) {
			return Timeout.ofSeconds(42);
		}
		if (type == String.class) {
			return "the wrapped connection";
		}
		return null;
	}

}
