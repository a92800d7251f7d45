package io.github.keepalive.autoconfigure;

import java.util.List;

import io.github.keepalive.client.KeepAliveHttpClientBuilderCustomizer;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;

/**
 * Applies the application's {@link ClientHttpRequestFactoryBuilderCustomizer} beans to the
 * starter's builder, as Boot does to its own. A customizer typed for another builder
 * (typically {@code HttpComponentsClientHttpRequestFactoryBuilder}) cannot apply; Boot
 * would skip it silently, here it is named in a warning so that it is not lost unnoticed.
 */
final class RequestFactoryBuilderCustomizers {

	private static final Log logger = LogFactory.getLog(RequestFactoryBuilderCustomizers.class);

	private RequestFactoryBuilderCustomizers() {
	}

	@SuppressWarnings({ "unchecked", "rawtypes" })
	static ClientHttpRequestFactoryBuilder<?> apply(ClientHttpRequestFactoryBuilder<?> builder,
			List<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
		ClientHttpRequestFactoryBuilder<?> customized = builder;
		for (ClientHttpRequestFactoryBuilderCustomizer customizer : customizers) {
			try {
				customized = customizer.customize(customized);
			}
			catch (ClassCastException ex) {
				if (!isArgumentMismatch(ex, customized)) {
					throw ex;
				}
				logger.warn(customizer.getClass().getName() + " customizes another ClientHttpRequestFactoryBuilder"
						+ " than the keep-alive starter's " + customized.getClass().getName()
						+ " and is not applied. Declare a " + KeepAliveHttpClientBuilderCustomizer.class.getName()
						+ " bean to customize HttpClient, or set keepalive.enabled=false.");
			}
		}
		return customized;
	}

	private static boolean isArgumentMismatch(ClassCastException ex, ClientHttpRequestFactoryBuilder<?> builder) {
		String message = ex.getMessage();
		return message == null || message.contains(builder.getClass().getName());
	}

}
