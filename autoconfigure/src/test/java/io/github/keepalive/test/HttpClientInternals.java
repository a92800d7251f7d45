package io.github.keepalive.test;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import io.github.keepalive.client.KeepAliveHttpClient;
import org.apache.hc.client5.http.ConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.Configurable;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.client5.http.routing.HttpRoutePlanner;
import org.apache.hc.core5.function.Resolver;
import org.apache.hc.core5.http.ConnectionReuseStrategy;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.pool.ManagedConnPool;
import org.apache.hc.core5.pool.PoolReusePolicy;

import org.springframework.test.util.ReflectionTestUtils;

/**
 * Reads back the configuration of a built Apache HttpClient 5 client, so that tests
 * check what HttpClient will actually run with rather than the settings it was built
 * from. HttpClient exposes little of it, hence the reflection; a failure here after an
 * HttpClient upgrade means this class needs updating, not the code under test.
 */
public final class HttpClientInternals {

	private HttpClientInternals() {
	}

	/**
	 * The HttpClient of a keep-alive client.
	 * @param client the client
	 * @return its HttpClient
	 */
	public static CloseableHttpClient httpClient(KeepAliveHttpClient client) {
		return (CloseableHttpClient) ReflectionTestUtils.getField(client, "httpClient");
	}

	/**
	 * HttpClient's pool behind a keep-alive client.
	 * @param client the client
	 * @return its pool
	 */
	public static PoolingHttpClientConnectionManager connectionManager(KeepAliveHttpClient client) {
		Object pool = ReflectionTestUtils.getField(client, "pool");
		return (PoolingHttpClientConnectionManager) ReflectionTestUtils.getField(pool, "pool");
	}

	/**
	 * The connection config the pool applies to connections of the route to a URI.
	 * @param client the client
	 * @param uri an absolute URI
	 * @return the connection config
	 */
	@SuppressWarnings("unchecked")
	public static ConnectionConfig connectionConfig(KeepAliveHttpClient client, String uri) {
		Resolver<HttpRoute, ConnectionConfig> resolver = (Resolver<HttpRoute, ConnectionConfig>) ReflectionTestUtils
			.getField(connectionManager(client), "connectionConfigResolver");
		return resolver.resolve(route(client, uri));
	}

	/**
	 * The route the client's own route planner picks for a request to the given URI,
	 * which is the key the pool uses for per-route limits.
	 * @param client the client
	 * @param uri an absolute URI
	 * @return the route
	 */
	public static HttpRoute route(KeepAliveHttpClient client, String uri) {
		HttpRoutePlanner routePlanner = (HttpRoutePlanner) ReflectionTestUtils.getField(client.getHttpClient(),
				"routePlanner");
		try {
			return routePlanner.determineRoute(HttpHost.create(URI.create(uri)), HttpClientContext.create());
		}
		catch (HttpException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The client's default request config.
	 * @param client the client
	 * @return the request config
	 */
	public static RequestConfig requestConfig(KeepAliveHttpClient client) {
		// public API: HttpClient's clients are Configurable
		return ((Configurable) client.getHttpClient()).getConfig();
	}

	/**
	 * The connection pool behind a connection manager; its class reflects the concurrency
	 * policy ({@code StrictConnPool}, {@code LaxConnPool}, {@code RouteSegmentedConnPool}).
	 * @param client the client
	 * @return the pool
	 */
	public static ManagedConnPool<?, ?> pool(KeepAliveHttpClient client) {
		return (ManagedConnPool<?, ?>) ReflectionTestUtils.getField(connectionManager(client), "pool");
	}

	/**
	 * The kind of pool behind a connection manager, which reflects the concurrency policy:
	 * {@code StrictConnPool}, {@code LaxConnPool} or {@code RouteSegmentedConnPool}.
	 * @param client the client
	 * @return the simple name of the pool's class
	 */
	public static String poolType(KeepAliveHttpClient client) {
		Class<?> type = pool(client).getClass();
		while (type.isAnonymousClass()) {
			type = type.getSuperclass();
		}
		return type.getSimpleName();
	}

	/**
	 * The reuse policy of a connection manager's pool.
	 * @param client the client
	 * @return the reuse policy
	 */
	public static PoolReusePolicy reusePolicy(KeepAliveHttpClient client) {
		ManagedConnPool<?, ?> pool = pool(client);
		String field = poolType(client).equals("RouteSegmentedConnPool") ? "reusePolicy" : "policy";
		return (PoolReusePolicy) ReflectionTestUtils.getField(pool, field);
	}

	/**
	 * The handlers of the client's execution chain, outermost first.
	 * @param httpClient the client
	 * @return the handlers
	 */
	public static List<ExecChainHandler> execChain(CloseableHttpClient httpClient) {
		List<ExecChainHandler> handlers = new ArrayList<>();
		Object element = ReflectionTestUtils.getField(httpClient, "execChain");
		while (element != null) {
			handlers.add((ExecChainHandler) ReflectionTestUtils.getField(element, "handler"));
			element = ReflectionTestUtils.getField(element, "next");
		}
		return handlers;
	}

	/**
	 * The keep-alive strategy the client applies to responses.
	 * @param client the client
	 * @return the strategy
	 */
	public static ConnectionKeepAliveStrategy keepAliveStrategy(KeepAliveHttpClient client) {
		return (ConnectionKeepAliveStrategy) ReflectionTestUtils.getField(mainClientExec(client.getHttpClient()),
				"keepAliveStrategy");
	}

	/**
	 * The strategy that decides whether a connection may be reused after a response.
	 * @param client the client
	 * @return the strategy
	 */
	public static ConnectionReuseStrategy reuseStrategy(KeepAliveHttpClient client) {
		return (ConnectionReuseStrategy) ReflectionTestUtils.getField(mainClientExec(client.getHttpClient()),
				"reuseStrategy");
	}

	/**
	 * The client's retry strategy, or {@code null} if automatic retries are disabled.
	 * @param client the client
	 * @return the strategy or {@code null}
	 */
	public static HttpRequestRetryStrategy retryStrategy(KeepAliveHttpClient client) {
		ExecChainHandler retryExec = handler(client.getHttpClient(), "HttpRequestRetryExec");
		return (retryExec != null)
				? (HttpRequestRetryStrategy) ReflectionTestUtils.getField(retryExec, "retryStrategy") : null;
	}

	/**
	 * The number of retries of a {@code DefaultHttpRequestRetryStrategy}.
	 * @param retryStrategy the strategy
	 * @return the maximum number of retries
	 */
	public static int maxRetries(HttpRequestRetryStrategy retryStrategy) {
		return (int) ReflectionTestUtils.getField(retryStrategy, "maxRetries");
	}

	private static ExecChainHandler mainClientExec(CloseableHttpClient httpClient) {
		ExecChainHandler handler = handler(httpClient, "MainClientExec");
		if (handler == null) {
			throw new IllegalStateException("No MainClientExec in " + execChain(httpClient));
		}
		return handler;
	}

	private static ExecChainHandler handler(CloseableHttpClient httpClient, String simpleClassName) {
		return execChain(httpClient).stream()
			.filter((handler) -> handler.getClass().getSimpleName().equals(simpleClassName))
			.findFirst()
			.orElse(null);
	}

}
