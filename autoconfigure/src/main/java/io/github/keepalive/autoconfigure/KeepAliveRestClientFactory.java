package io.github.keepalive.autoconfigure;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.settings.BaseUrl;
import io.github.keepalive.client.settings.KeepAliveClientSettings;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.client.RestClient;

/**
 * Creates the {@link RestClient} of a keep-alive client from Spring Boot's
 * {@link RestClient.Builder}, so message converters, {@code RestClientCustomizer}s and
 * observations still apply, over that client's pool, base URL and default headers.
 */
public class KeepAliveRestClientFactory {

	private final KeepAliveClients clients;

	private final ObjectProvider<RestClient.Builder> builders;

	KeepAliveRestClientFactory(KeepAliveClients clients, ObjectProvider<RestClient.Builder> builders) {
		this.clients = clients;
		this.builders = builders;
	}

	/**
	 * Creates a {@link RestClient.Builder} over the named client's pool, with its base URL
	 * and default headers.
	 * @param clientName the client's name
	 * @return a new builder
	 */
	public RestClient.Builder builder(String clientName) {
		KeepAliveHttpClient client = this.clients.get(clientName);
		KeepAliveClientSettings settings = client.getSettings();
		// a copy: the application's own RestClient.Builder bean may be a singleton
		RestClient.Builder builder = this.builders.getIfAvailable(RestClient::builder).clone();
		builder.requestFactory(client.createRequestFactory());
		BaseUrl baseUrl = settings.baseUrl();
		if (baseUrl != null) {
			builder.baseUrl(baseUrl.uri());
		}
		if (!settings.defaultHeaders().isEmpty()) {
			builder.defaultHeaders((headers) -> settings.defaultHeaders().forEach(headers::addAll));
		}
		return builder;
	}

	/**
	 * Creates a {@link RestClient} over the named client's pool.
	 * @param clientName the client's name
	 * @return the RestClient
	 */
	public RestClient create(String clientName) {
		return builder(clientName).build();
	}

}
