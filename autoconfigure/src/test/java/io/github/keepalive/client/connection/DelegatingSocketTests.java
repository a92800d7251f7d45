package io.github.keepalive.client.connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link DelegatingSocket}: each method it declares is the delegate's, and no method of
 * {@link Socket} is left to {@code Socket}'s own, which has no implementation here.
 */
class DelegatingSocketTests {

	private final Socket delegate = DelegationAssertions.delegate(Socket.class, DelegatingSocketTests::returned);

	@Test
	void everyMethodItDeclaresIsTheDelegates() throws Exception {
		DelegatingSocket socket = new DelegatingSocket(this.delegate) {
		};
		DelegationAssertions.assertDelegates(DelegatingSocket.class, socket, Socket.class, this.delegate,
				DelegatingSocketTests::argument, DelegatingSocketTests::returned, "setOption");
	}

	@Test
	void noMethodOfSocketIsLeftToSocketsOwn() {
		assertThat(DelegationAssertions.signatures(DelegatingSocket.class, ChannelSocket.class))
			.containsAll(DelegationAssertions.signatures(Socket.class));
	}

	private static Object argument(Class<?> type, int position) {
		if (type == int.class) {
			return 10 + position;
		}
		if (type == boolean.class) {
			return true;
		}
		if (type == SocketAddress.class) {
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000 + position);
		}
		if (type == SocketOption.class) {
			return StandardSocketOptions.SO_KEEPALIVE;
		}
		if (type == Object.class) {
			return Boolean.TRUE;
		}
		throw new IllegalStateException("No argument of " + type);
	}

	private static @Nullable Object returned(Class<?> type, int position) {
		if (type == int.class) {
			return 42;
		}
		if (type == boolean.class) {
			return true;
		}
		if (type == InetAddress.class) {
			return InetAddress.getLoopbackAddress();
		}
		if (type == SocketAddress.class) {
			return new InetSocketAddress(InetAddress.getLoopbackAddress(), 4242);
		}
		if (type == Set.class) {
			return Set.of(StandardSocketOptions.TCP_NODELAY);
		}
		if (type == String.class) {
			return "the delegate";
		}
		// getOption's value, erased
		if (type == Object.class) {
			return "an option's value";
		}
		return null;
	}

}
