package io.github.keepalive.autoconfigure;

import java.lang.reflect.Method;

import javax.net.ssl.SSLParameters;

import io.github.keepalive.client.ClientObserver;
import io.github.keepalive.client.connection.ConnectionCloseReason;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.ExecutableMode;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.TypeHint;
import org.springframework.aot.hint.TypeReference;
import org.springframework.aot.hint.predicate.ReflectionHintsPredicates;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The runtime hints a native image of an application with the starter needs.
 */
class KeepAliveRuntimeHintsTests {

	private static final ReflectionHintsPredicates reflection = RuntimeHintsPredicates.reflection();

	@Test
	void namedClientPropertiesCanBeBound() {
		RuntimeHints hints = registeredHints();
		assertThat(reflection.onType(KeepAliveClientProperties.class)).accepts(hints);
		assertThat(reflection.onMethodInvocation(KeepAliveClientProperties.class, "setBaseUrl")).accepts(hints);
		assertThat(reflection.onMethodInvocation(KeepAliveClientProperties.class, "getPool")).accepts(hints);
		assertThat(reflection.onMethodInvocation(KeepAliveClientProperties.Pool.class, "setMaxPerRoute"))
			.accepts(hints);
	}

	@Test
	void namedClientFactoryMethodsCanBeInvoked() throws NoSuchMethodException {
		RuntimeHints hints = registeredHints();
		assertThat(reflection.onMethodInvocation(KeepAliveRestClientFactory.class.getMethod("create", String.class)))
			.accepts(hints);
		assertThat(reflection.onMethodInvocation(KeepAliveRestClientFactory.class.getMethod("builder", String.class)))
			.accepts(hints);
	}

	@Test
	void clientObserversCanBeCalledThroughTheirProxy() throws NoSuchMethodException {
		RuntimeHints hints = registeredHints();
		assertThat(RuntimeHintsPredicates.proxies().forInterfaces(ClientObserver.class)).accepts(hints);
		assertThat(reflection.onMethodInvocation(ClientObserver.class.getMethod("requestSent"))).accepts(hints);
		assertThat(reflection.onMethodInvocation(
				ClientObserver.class.getMethod("connectionClosed", ConnectionCloseReason.class, long.class)))
			.accepts(hints);
	}

	@Test
	void httpClientMayCallSslParametersSetEnableRetransmissions() {
		RuntimeHints hints = registeredHints();
		assertSetEnableRetransmissionsHint(hints);
		// and as a native image sees it, on a JDK that has the method (17.0.15 and 25 do)
		Method method = ReflectionUtils.findMethod(SSLParameters.class, "setEnableRetransmissions", boolean.class);
		if (method != null) {
			assertThat(reflection.onMethodInvocation(method)).accepts(hints);
		}
	}

	@Test
	void autoConfigurationContributesTheHintsToAotProcessing() throws NoSuchMethodException {
		TestGenerationContext generationContext = new TestGenerationContext(AotApplication.class);
		try (AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext()) {
			context.register(AotApplication.class);
			new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
		}
		RuntimeHints hints = generationContext.getRuntimeHints();
		assertThat(reflection.onMethodInvocation(KeepAliveRestClientFactory.class.getMethod("builder", String.class)))
			.accepts(hints);
		assertSetEnableRetransmissionsHint(hints);
	}

	// by name and parameter type, whatever the JDK
	private static void assertSetEnableRetransmissionsHint(RuntimeHints hints) {
		TypeHint typeHint = hints.reflection().getTypeHint(TypeReference.of(KeepAliveRuntimeHints.SSL_PARAMETERS));
		assertThat(typeHint).isNotNull();
		assertThat(typeHint.methods()).anySatisfy((method) -> {
			assertThat(method.getName()).isEqualTo("setEnableRetransmissions");
			assertThat(method.getParameterTypes()).containsExactly(TypeReference.of(boolean.class));
			assertThat(method.getMode()).isEqualTo(ExecutableMode.INVOKE);
		});
	}

	private static RuntimeHints registeredHints() {
		RuntimeHints hints = new RuntimeHints();
		new KeepAliveRuntimeHints().registerHints(hints, KeepAliveRuntimeHintsTests.class.getClassLoader());
		return hints;
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KeepAliveAutoConfiguration.class, HttpClientAutoConfiguration.class,
			RestClientAutoConfiguration.class, SslAutoConfiguration.class })
	static class AotApplication {

	}

}
