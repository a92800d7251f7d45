package io.github.keepalive.autoconfigure;

import java.util.List;

import io.github.keepalive.client.KeepAliveHttpClientBuilderCustomizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.util.LambdaSafe;

/**
 * Applies the application's {@link ClientHttpRequestFactoryBuilderCustomizer} beans to the
 * starter's builder, as Boot does to its own (with {@link LambdaSafe}). A customizer typed
 * for another builder (typically {@code HttpComponentsClientHttpRequestFactoryBuilder})
 * cannot apply; Boot would skip it silently, here it is named in a warning so that it is
 * not lost unnoticed.
 */
final class RequestFactoryBuilderCustomizers {

	private static final Log logger = LogFactory.getLog(RequestFactoryBuilderCustomizers.class);

	private RequestFactoryBuilderCustomizers() {
	}

	@SuppressWarnings("unchecked")
	static ClientHttpRequestFactoryBuilder<?> apply(ClientHttpRequestFactoryBuilder<?> builder,
			List<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
		ClientHttpRequestFactoryBuilder<?> customized = builder;
		for (ClientHttpRequestFactoryBuilderCustomizer<?> customizer : customizers) {
			ClientHttpRequestFactoryBuilder<?> current = customized;
			LambdaSafe.InvocationResult<ClientHttpRequestFactoryBuilder<?>> result = LambdaSafe
				.callback(ClientHttpRequestFactoryBuilderCustomizer.class, customizer, current)
				.withLogger(RequestFactoryBuilderCustomizers.class)
				.invokeAnd((callback) -> callback.customize(current));
			if (result.hasResult()) {
				customized = result.get();
			}
			else {
				logger.warn(customizer.getClass().getName() + " customizes another ClientHttpRequestFactoryBuilder"
						+ " than the keep-alive starter's " + current.getClass().getName()
						+ " and is not applied. Declare a " + KeepAliveHttpClientBuilderCustomizer.class.getName()
						+ " bean to customize HttpClient, or set keepalive.enabled=false.");
			}
		}
		return customized;
	}

}
