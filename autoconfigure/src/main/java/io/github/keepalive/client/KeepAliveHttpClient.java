package io.github.keepalive.client;

import java.io.Closeable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.impl.IdleConnectionEvictor;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.boot.http.client.HttpCookieHandling;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * One keep-alive client: its settings, its connection pool, the {@link CloseableHttpClient}
 * over it and the background thread that evicts idle and expired connections. Closing it
 * stops the thread and closes every pooled connection.
 */
public final class KeepAliveHttpClient implements Closeable {

	private final KeepAliveClientSettings settings;

	private final PoolingHttpClientConnectionManager connectionManager;

	private final CloseableHttpClient httpClient;

	private final IdleConnectionEvictor evictor;

	private final AtomicBoolean closing;

	KeepAliveHttpClient(KeepAliveClientSettings settings, PoolingHttpClientConnectionManager connectionManager,
			CloseableHttpClient httpClient, IdleConnectionEvictor evictor, AtomicBoolean closing) {
		this.settings = settings;
		this.connectionManager = connectionManager;
		this.httpClient = httpClient;
		this.evictor = evictor;
		this.closing = closing;
	}

	/**
	 * The client's name.
	 * @return the name
	 */
	public String getName() {
		return this.settings.name();
	}

	/**
	 * The settings the client was built from.
	 * @return the settings
	 */
	public KeepAliveClientSettings getSettings() {
		return this.settings;
	}

	/**
	 * The client's connection pool.
	 * @return the connection manager
	 */
	public PoolingHttpClientConnectionManager getConnectionManager() {
		return this.connectionManager;
	}

	/**
	 * The HttpClient over the pool, shared by every request factory of this client.
	 * @return the HttpClient
	 */
	public CloseableHttpClient getHttpClient() {
		return this.httpClient;
	}

	/**
	 * Creates a request factory over the shared pool. Each factory keeps its own cookies
	 * (as a {@code RestClient} built by Spring Boot would), so one caller's cookies never
	 * reach another's requests.
	 * @return a new request factory
	 */
	public HttpComponentsClientHttpRequestFactory createRequestFactory() {
		HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(
				this.httpClient);
		applyCookieHandling(requestFactory, this.settings);
		return requestFactory;
	}

	static void applyCookieHandling(HttpComponentsClientHttpRequestFactory requestFactory,
			KeepAliveClientSettings settings) {
		if (settings.http().cookieHandling() != HttpCookieHandling.DISABLE) {
			BasicCookieStore cookieStore = new BasicCookieStore();
			requestFactory.setHttpContextFactory((method, uri) -> {
				HttpClientContext context = HttpClientContext.create();
				context.setCookieStore(cookieStore);
				return context;
			});
		}
	}

	/**
	 * Closes idle and expired connections now.
	 */
	public void closeIdleConnections() {
		this.connectionManager.closeExpired();
		this.connectionManager.closeIdle(TimeValue.ZERO_MILLISECONDS);
	}

	/**
	 * Stops the eviction thread and closes the pool with every connection in it.
	 */
	@Override
	public void close() {
		this.closing.set(true);
		this.evictor.shutdown();
		try {
			this.evictor.awaitTermination(Timeout.of(5, TimeUnit.SECONDS));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		this.httpClient.close(CloseMode.GRACEFUL);
		this.connectionManager.close(CloseMode.GRACEFUL);
	}

	@Override
	public String toString() {
		return "KeepAliveHttpClient[" + getName() + ", " + this.connectionManager.getTotalStats() + "]";
	}

}
