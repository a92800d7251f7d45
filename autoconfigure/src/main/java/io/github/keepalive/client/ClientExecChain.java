package io.github.keepalive.client;

import java.util.List;
import java.util.function.Function;

import io.github.keepalive.client.connection.WarmUpHandler;
import io.github.keepalive.client.exec.BaseUrlCredentials;
import io.github.keepalive.client.exec.IdempotentIoRetryStrategy;
import io.github.keepalive.client.exec.IdleTimeoutKeepAliveStrategy;
import io.github.keepalive.client.exec.PoolExhaustedExceptionTranslator;
import io.github.keepalive.client.exec.ProxyAuthCache;
import io.github.keepalive.client.exec.ProxyRoutePlanner;
import io.github.keepalive.client.exec.SystemProxyRoutePlanner;
import io.github.keepalive.client.exec.UnsentRequestResend;
import io.github.keepalive.client.pool.ConnectionPool;
import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.ProxySettings;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.NoopUserTokenHandler;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;

import org.springframework.util.Assert;

/**
 * The exec chain of a keep-alive client: HttpClient's builder over the client's pool, with
 * the starter's handlers (pool-exhausted translation, warm-up, retries and the resend of
 * unsent requests, proxy routing and login, base-URL credentials) and the application's
 * customizers last.
 */
final class ClientExecChain {

	private ClientExecChain() {
	}

	/**
	 * Builds a client's HttpClient over its pool.
	 * @param settings the client's settings
	 * @param pool the client's pool
	 * @param customizers customizers of the HttpClient builder, applied last
	 * @param names names the settings in the messages of the chain's handlers
	 * @return the HttpClient
	 */
	static CloseableHttpClient build(KeepAliveClientSettings settings, ConnectionPool pool,
			List<KeepAliveHttpClientBuilderCustomizer> customizers, Function<ClientSetting, String> names) {
		KeepAliveSettings keepAlive = settings.keepAlive();
		HttpClientBuilder builder = HttpClientBuilder.create()
			.useSystemProperties()
			// the client closes its pool itself, after the HttpClient
			.setConnectionManager(pool)
			.setConnectionManagerShared(true)
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(HttpClientDurations.timeout(settings.pool().leaseTimeout()))
				.setConnectionKeepAlive(HttpClientDurations.timeValue(keepAlive.idleTimeout()))
				.build())
			// HttpClient tags a connection with the TLS client principal (mutual TLS) and then
			// only leases it to requests carrying that user token, which Spring's request
			// factory never sets: every request would open a new connection. All connections
			// of one pool present the same SSL bundle, so there is no state to keep apart.
			.setUserTokenHandler(NoopUserTokenHandler.INSTANCE)
			// the JVM's proxy settings, as useSystemProperties() would, at no cost without any
			.setRoutePlanner(new SystemProxyRoutePlanner())
			.addExecInterceptorFirst(PoolExhaustedExceptionTranslator.NAME,
					new PoolExhaustedExceptionTranslator(settings.name(), settings.pool().leaseTimeout(), pool,
							names));
		if (settings.warmUp().connections() > 0) {
			builder.addExecInterceptorAfter(ChainElement.CONNECT.name(), WarmUpHandler.NAME,
					new WarmUpHandler(keepAlive.idleTimeout()));
		}
		configureKeepAlive(builder, keepAlive);
		configureRetries(builder, settings.maxRetries(), settings.pool().maxTotal());
		if (settings.proxy() != null) {
			configureProxy(builder, settings.proxy());
		}
		BaseUrlCredentials baseUrlCredentials = BaseUrlCredentials.of(settings.baseUrl());
		if (baseUrlCredentials != null) {
			builder.addRequestInterceptorFirst(baseUrlCredentials);
		}
		for (KeepAliveHttpClientBuilderCustomizer customizer : customizers) {
			customizer.customize(settings, builder);
			Assert.state(builder.getConnManager() == pool,
					() -> customizer.getClass().getName() + " replaced the connection manager of keep-alive client '"
							+ settings.name() + "'. The client owns its pool: configure the pool through the client's "
							+ "settings, or build HttpClient without a keep-alive client.");
		}
		return builder.build();
	}

	private static void configureKeepAlive(HttpClientBuilder builder, KeepAliveSettings keepAlive) {
		if (keepAlive.enabled()) {
			builder.setKeepAliveStrategy(new IdleTimeoutKeepAliveStrategy(keepAlive.idleTimeout()));
		}
		else {
			builder.setConnectionReuseStrategy((request, response, context) -> false);
			builder.addRequestInterceptorLast(
					(request, entity, context) -> request.setHeader(HttpHeaders.CONNECTION, "close"));
		}
	}

	private static void configureRetries(HttpClientBuilder builder, int maxRetries, int maxTotal) {
		builder.setRetryStrategy(new IdempotentIoRetryStrategy(maxRetries));
		// also with no retries: a request found unsent is sent again, on another connection
		builder.addExecInterceptorAfter(ChainElement.RETRY.name(), UnsentRequestResend.NAME,
				new UnsentRequestResend(maxTotal + 1));
	}

	private static void configureProxy(HttpClientBuilder builder, ProxySettings proxy) {
		HttpHost proxyHost = new HttpHost(proxy.host(), proxy.port());
		builder.setRoutePlanner(new ProxyRoutePlanner(proxyHost, proxy.nonProxyHosts()));
		if (proxy.username() != null) {
			BasicCredentialsProvider credentials = new BasicCredentialsProvider();
			char[] password = (proxy.password() != null) ? proxy.password().toCharArray() : new char[0];
			credentials.setCredentials(new AuthScope(proxyHost),
					new UsernamePasswordCredentials(proxy.username(), password));
			builder.setDefaultCredentialsProvider(credentials);
			builder.addExecInterceptorFirst(ProxyAuthCache.NAME, new ProxyAuthCache());
		}
	}

}
