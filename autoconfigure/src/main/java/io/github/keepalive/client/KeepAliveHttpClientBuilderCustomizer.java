package io.github.keepalive.client;

import io.github.keepalive.client.settings.KeepAliveClientSettings;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;

/**
 * Customizes the {@link HttpClientBuilder} of a keep-alive client before it is built.
 * Declare one as a bean to add interceptors or other HttpClient settings to every client;
 * the builder already holds the client's pool, which a customizer must not replace.
 */
@FunctionalInterface
public interface KeepAliveHttpClientBuilderCustomizer {

	/**
	 * Customizes the builder of one client.
	 * @param settings the client's settings
	 * @param builder the builder
	 */
	void customize(KeepAliveClientSettings settings, HttpClientBuilder builder);

}
