package io.github.keepalive.client;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.HttpClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * A {@link ClientHttpRequestFactoryBuilder} whose request factories all run over shared
 * keep-alive pools instead of a new, never-closed pool per call. Settings equal to the
 * application's defaults get the default client's pool; other settings (a different SSL
 * bundle or timeouts) get a pool of their own, created on first use and reused.
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
		KeepAliveHttpClient client = this.clients.get(this.clientName);
		if (settings == null || settings.equals(this.defaultSettings)
				|| settings.equals(HttpClientSettings.defaults())) {
			return client.createRequestFactory();
		}
		String name = this.derivedClientNames.computeIfAbsent(settings,
				(key) -> this.clientName + "-" + this.derivedClientCount.incrementAndGet());
		KeepAliveHttpClient existing = this.clients.find(name);
		if (existing != null) {
			return existing.createRequestFactory();
		}
		KeepAliveClientSettings derived = client.getSettings()
			.withName(name, client.getSettings().baseUrl())
			.withHttp(settings);
		// The pool is created on the first request: a request factory that is replaced
		// before it is used (as Spring Boot's HTTP service group configurer's is) leaves no
		// idle pool and eviction thread behind
		LazyRequestFactory requestFactory = new LazyRequestFactory(client.getHttpClient(),
				() -> this.clients.getOrCreate(name, () -> derived));
		KeepAliveHttpClient.applyCookieHandling(requestFactory, derived);
		return requestFactory;
	}

	/**
	 * A request factory whose keep-alive client is looked up, and created if need be, on
	 * its first request.
	 */
	private static final class LazyRequestFactory extends HttpComponentsClientHttpRequestFactory {

		private final Supplier<KeepAliveHttpClient> client;

		private volatile @Nullable HttpClient httpClient;

		LazyRequestFactory(HttpClient unused, Supplier<KeepAliveHttpClient> client) {
			super(unused);
			this.client = client;
		}

		@Override
		public void setHttpClient(HttpClient httpClient) {
			super.setHttpClient(httpClient);
			this.httpClient = httpClient;
		}

		@Override
		public HttpClient getHttpClient() {
			HttpClient httpClient = this.httpClient;
			if (httpClient == null) {
				httpClient = this.client.get().getHttpClient();
				this.httpClient = httpClient;
			}
			return httpClient;
		}

	}

}
