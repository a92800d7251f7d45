package io.github.keepalive.client;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * A {@link ClientHttpRequestFactoryBuilder} whose request factories all run over shared
 * keep-alive pools instead of a new, never-closed pool per call: on one client's pool
 * with the given settings applied per request, or on a pool derived from it when the
 * settings change the connections (see {@link KeepAliveClients#createRequestFactory}).
 */
public final class KeepAliveClientHttpRequestFactoryBuilder
		implements ClientHttpRequestFactoryBuilder<HttpComponentsClientHttpRequestFactory> {

	private final KeepAliveClients clients;

	private final String clientName;

	private final HttpClientSettings applicationSettings;

	/**
	 * Creates a builder over one client of the given registry.
	 * @param clients the registry that owns the pools
	 * @param clientName the client whose pool serves the builder's request factories
	 * @param applicationSettings the settings that stand for "no override" (Spring Boot's
	 * {@code spring.http.clients.*} settings, which the client's own already fall back to)
	 */
	public KeepAliveClientHttpRequestFactoryBuilder(KeepAliveClients clients, String clientName,
			HttpClientSettings applicationSettings) {
		this.clients = clients;
		this.clientName = clientName;
		this.applicationSettings = applicationSettings;
	}

	@Override
	public HttpComponentsClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
		boolean overrides = settings != null && !settings.equals(this.applicationSettings)
				&& !settings.equals(HttpClientSettings.defaults());
		return this.clients.createRequestFactory(this.clientName, overrides ? settings : null);
	}

}
