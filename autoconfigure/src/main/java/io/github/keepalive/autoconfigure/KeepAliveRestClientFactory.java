package io.github.keepalive.autoconfigure;

import java.net.URI;

import io.github.keepalive.client.KeepAliveClientSettings;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;

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
	 * Creates a {@link RestClient} over the named client's pool.
	 * @param clientName the client's name
	 * @return the RestClient
	 */
	public RestClient create(String clientName) {
		KeepAliveHttpClient client = this.clients.get(clientName);
		KeepAliveClientSettings settings = client.getSettings();
		RestClient.Builder builder = this.builders.getIfAvailable(RestClient::builder);
		builder.requestFactory(client.createRequestFactory());
		URI baseUrl = settings.requestBaseUrl();
		if (baseUrl != null) {
			builder.baseUrl(baseUrl);
		}
		if (!settings.defaultHeaders().isEmpty()) {
			builder.defaultHeaders((headers) -> settings.defaultHeaders().forEach(headers::addAll));
		}
		return builder.build();
	}

}
