package io.github.keepalive.autoconfigure;

import java.util.List;

import io.github.keepalive.client.ClientObserver;
import io.github.keepalive.client.connection.ConnectionListener;
import io.github.keepalive.client.pool.PoolListener;
import org.jspecify.annotations.Nullable;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.MemberCategory;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.RuntimeHintsRegistrar;
import org.springframework.aot.hint.TypeReference;
import org.springframework.boot.context.properties.bind.BindableRuntimeHintsRegistrar;

/**
 * What a native image of an application with the starter needs beyond what Spring's AOT
 * processing finds on its own: what the starter binds or calls reflectively, and a JDK
 * method that HttpClient 5 calls reflectively.
 */
class KeepAliveRuntimeHints implements RuntimeHintsRegistrar {

	/** The JDK type whose setters HttpClient 5's {@code H2TlsSupport} calls by name. */
	static final String SSL_PARAMETERS = "javax.net.ssl.SSLParameters";

	@Override
	public void registerHints(RuntimeHints hints, @Nullable ClassLoader classLoader) {
		// Bound through Binder by NamedRestClientsRegistrar, outside @ConfigurationProperties
		BindableRuntimeHintsRegistrar.forTypes(KeepAliveClientProperties.class).registerHints(hints, classLoader);
		// The named clients' factory methods, for a definition made at run time rather than as code
		hints.reflection()
			.registerType(KeepAliveRestClientFactory.class,
					(type) -> type.withMethod("create", List.of(TypeReference.of(String.class)), ExecutableMode.INVOKE)
						.withMethod("builder", List.of(TypeReference.of(String.class)), ExecutableMode.INVOKE));
		// HttpClient 5.6's TLS strategy calls it through H2TlsSupport on an async (SSLEngine)
		// handshake that may negotiate HTTP/2 (spring-boot #51508). By name and parameter type,
		// not as a Method: a JDK without the method must still be able to build the image.
		hints.reflection()
			.registerType(TypeReference.of(SSL_PARAMETERS),
					(type) -> type.withMethod("setEnableRetransmissions", List.of(TypeReference.of(boolean.class)),
							ExecutableMode.INVOKE));
		// A client with an application's observer calls its observers through a JDK proxy,
		// which invokes each event's method on each observer
		hints.proxies().registerJdkProxy(ClientObserver.class);
		hints.reflection()
			.registerTypes(TypeReference.listOf(ClientObserver.class, PoolListener.class, ConnectionListener.class),
					(type) -> type.withMembers(MemberCategory.INVOKE_PUBLIC_METHODS));
	}

}
