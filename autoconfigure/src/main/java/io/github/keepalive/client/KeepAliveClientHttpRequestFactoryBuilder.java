package io.github.keepalive.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * A {@link ClientHttpRequestFactoryBuilder} whose request factories all run over shared
 * keep-alive pools instead of a new, never-closed pool per call. Settings equal to the
 * application's defaults get the default client's pool; other settings (a different SSL
 * bundle or timeouts) get a pool of their own, created once and reused.
 */
public final class KeepAliveClientHttpRequestFactoryBuilder
		implements ClientHttpRequestFactoryBuilder<HttpComponentsClientHttpRequestFactory> {

	private final KeepAliveClients clients;

	private final String clientName;

	private final HttpClientSettings defaultSettings;

	private final Map<HttpClientSettings, String> derivedClientNames = new ConcurrentHashMap<>();

	private final AtomicInteger derivedClientCount = new AtomicInteger();

	/**
	 * Creates a builder over one client of the given registry.
	 * @param clients the registry that owns the pools
	 * @param clientName the client whose pool serves the default settings
	 * @param defaultSettings the settings that stand for "no override" (Spring Boot's
	 * {@code spring.http.clients.*} settings)
	 */
	public KeepAliveClientHttpRequestFactoryBuilder(KeepAliveClients clients, String clientName,
			HttpClientSettings defaultSettings) {
		this.clients = clients;
		this.clientName = clientName;
		this.defaultSettings = defaultSettings;
	}

	@Override
	public HttpComponentsClientHttpRequestFactory build(@Nullable HttpClientSettings settings) {
		return clientFor(settings).createRequestFactory();
	}

	private KeepAliveHttpClient clientFor(@Nullable HttpClientSettings settings) {
		KeepAliveHttpClient client = this.clients.get(this.clientName);
		if (settings == null || settings.equals(this.defaultSettings)
				|| settings.equals(HttpClientSettings.defaults())) {
			return client;
		}
		String name = this.derivedClientNames.computeIfAbsent(settings,
				(key) -> this.clientName + "-" + this.derivedClientCount.incrementAndGet());
		return this.clients.getOrCreate(name,
				() -> client.getSettings().withName(name, client.getSettings().baseUrl()).withHttp(settings));
	}

}
