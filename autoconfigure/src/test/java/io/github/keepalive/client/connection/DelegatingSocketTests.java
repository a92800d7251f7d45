package io.github.keepalive.client.connection;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketOption;
import java.net.StandardSocketOptions;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.mockito.MockMakers;
import org.mockito.invocation.InvocationOnMock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.clearInvocations;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoMoreInteractions;
import static org.mockito.Mockito.withSettings;

/**
 * {@link DelegatingSocket}: each method it declares calls the same method of the
 * delegate, once, with the same arguments, and returns what it returns; and no method of
 * {@link Socket} is left to {@code Socket}'s own, which has no implementation here.
 */
class DelegatingSocketTests {

	// a subclass mock: the inline mock maker would rewrite java.net.Socket for every test in the JVM
	private final Socket delegate = mock(Socket.class,
			withSettings().mockMaker(MockMakers.SUBCLASS).defaultAnswer(DelegatingSocketTests::answer));

	@Test
	void everyMethodItDeclaresIsTheDelegatesWithTheSameArguments() throws Exception {
		DelegatingSocket socket = new DelegatingSocket(this.delegate) {
		};
		for (Method method : declaredMethods(DelegatingSocket.class)) {
			clearInvocations(this.delegate);
			Object[] arguments = arguments(method);
			Object result = method.invoke(socket, arguments);
			if (method.getName().equals("setOption")) {
				assertThat(result).as("%s returns the socket itself", method.getName()).isSameAs(socket);
			}
			else {
				assertThat(result).as("what %s returns", method.getName())
					.isEqualTo(value(method.getReturnType()));
			}
			if (!method.getName().equals("toString")) {
				Socket.class.getMethod(method.getName(), method.getParameterTypes())
					.invoke(verify(this.delegate), arguments);
				verifyNoMoreInteractions(this.delegate);
			}
		}
	}

	@Test
	void noMethodOfSocketIsLeftToSocketsOwn() {
		Set<String> overridden = new TreeSet<>();
		overridden.addAll(signatures(DelegatingSocket.class));
		overridden.addAll(signatures(ChannelSocket.class));
		assertThat(overridden).containsAll(signatures(Socket.class));
	}

	private static Set<Method> declaredMethods(Class<?> type) {
		Set<Method> methods = new LinkedHashSet<>();
		for (Method method : type.getDeclaredMethods()) {
			int modifiers = method.getModifiers();
			if (Modifier.isPublic(modifiers) && !Modifier.isStatic(modifiers) && !method.isSynthetic()) {
				methods.add(method);
			}
		}
		return methods;
	}

	private static Set<String> signatures(Class<?> type) {
		Set<String> signatures = new TreeSet<>();
		for (Method method : declaredMethods(type)) {
			signatures.add(method.getName() + Arrays.toString(method.getParameterTypes()));
		}
		return signatures;
	}

	// distinct by position, so that arguments passed on in another order fail the verification
	private static Object[] arguments(Method method) {
		Class<?>[] types = method.getParameterTypes();
		Object[] arguments = new Object[types.length];
		for (int i = 0; i < types.length; i++) {
			Class<?> type = types[i];
			if (type == int.class) {
				arguments[i] = 10 + i;
			}
			else if (type == boolean.class) {
				arguments[i] = true;
			}
			else if (type == SocketAddress.class) {
				arguments[i] = new InetSocketAddress(InetAddress.getLoopbackAddress(), 5000 + i);
			}
			else if (type == SocketOption.class) {
				arguments[i] = StandardSocketOptions.SO_KEEPALIVE;
			}
			else if (type == Object.class) {
				arguments[i] = Boolean.TRUE;
			}
			else {
				throw new IllegalStateException("No argument of " + type + " for " + method);
			}
		}
		return arguments;
	}

	private static @Nullable Object answer(InvocationOnMock invocation) {
		return value(invocation.getMethod().getReturnType());
	}

	// what the delegate returns, one value a type
	private static @Nullable Object value(Class<?> type) {
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
		if (type == Object.class) {
			return "an option's value";
		}
		return null;
	}

}
