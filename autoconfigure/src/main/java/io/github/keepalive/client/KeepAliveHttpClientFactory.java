package io.github.keepalive.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.client5.http.impl.auth.BasicAuthCache;
import org.apache.hc.client5.http.impl.auth.BasicCredentialsProvider;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.ChainElement;
import org.apache.hc.client5.http.impl.IdleConnectionEvictor;
import org.apache.hc.client5.http.impl.NoopUserTokenHandler;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.core5.concurrent.DefaultThreadFactory;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

import org.springframework.boot.http.client.HttpComponentsHttpClientBuilder;
import org.springframework.util.Assert;

/**
 * Builds a {@link KeepAliveHttpClient} from {@link KeepAliveClientSettings}, on top of
 * Spring Boot's {@link HttpComponentsHttpClientBuilder} (which applies timeouts, the SSL
 * bundle, redirects and cookie handling) with the pool and keep-alive policy added.
 */
public final class KeepAliveHttpClientFactory {

	private static final Duration MAX_EVICTION_INTERVAL = Duration.ofSeconds(5);

	private static final Duration MIN_EVICTION_INTERVAL = Duration.ofMillis(50);

	private final List<KeepAliveHttpClientBuilderCustomizer> customizers;

	private final KeepAliveClientListener listener;

	public KeepAliveHttpClientFactory() {
		this(List.of(), KeepAliveClientListener.NONE);
	}

	private KeepAliveHttpClientFactory(List<KeepAliveHttpClientBuilderCustomizer> customizers,
			KeepAliveClientListener listener) {
		this.customizers = customizers;
		this.listener = listener;
	}

	/**
	 * A factory that also applies the given customizers to every HttpClient it builds.
	 * @param customizers customizers of the HttpClient builder
	 * @return a new factory
	 */
	public KeepAliveHttpClientFactory withCustomizers(Collection<KeepAliveHttpClientBuilderCustomizer> customizers) {
		Assert.notNull(customizers, "'customizers' must not be null");
		List<KeepAliveHttpClientBuilderCustomizer> merged = new ArrayList<>(this.customizers);
		merged.addAll(customizers);
		return new KeepAliveHttpClientFactory(List.copyOf(merged), this.listener);
	}

	/**
	 * A factory whose clients report their connections and leases to the given listener.
	 * @param listener the listener
	 * @return a new factory
	 */
	public KeepAliveHttpClientFactory withListener(KeepAliveClientListener listener) {
		Assert.notNull(listener, "'listener' must not be null");
		return new KeepAliveHttpClientFactory(this.customizers, listener);
	}

	/**
	 * Builds a client and starts its eviction thread.
	 * @param settings the client's settings
	 * @return the client, to be closed by the caller
	 */
	public KeepAliveHttpClient create(KeepAliveClientSettings settings) {
		KeepAliveClientSettings.Pool pool = settings.pool();
		KeepAliveClientSettings.KeepAlive keepAlive = settings.keepAlive();
		PoolingHttpClientConnectionManager[] connectionManager = new PoolingHttpClientConnectionManager[1];
		AtomicBoolean closing = new AtomicBoolean();
		ConnectionConfig.Builder[] connectionConfig = new ConnectionConfig.Builder[1];
		StaleRoutes staleRoutes = new StaleRoutes(keepAlive.validateAfterInactivity());
		CloseableHttpClient httpClient = new HttpComponentsHttpClientBuilder()
			.withConnectionManagerCustomizer((builder) -> builder.setMaxConnTotal(pool.maxTotal())
				.setMaxConnPerRoute(pool.maxPerRoute())
				.setPoolConcurrencyPolicy(pool.concurrencyPolicy())
				.setConnPoolPolicy(pool.reusePolicy())
				.setConnectionFactory(new InstrumentedConnectionFactory(settings.name(), this.listener,
						keepAlive.timeToLive().toNanos(), closing::get)))
			.withConnectionConfigCustomizer((builder) -> connectionConfig[0] = builder
				.setTimeToLive(timeValue(keepAlive.timeToLive()))
				.setValidateAfterInactivity(timeValue(keepAlive.validateAfterInactivity())))
			.withDefaultRequestConfigCustomizer(
					(builder) -> builder.setConnectionRequestTimeout(timeout(pool.leaseTimeout()))
						.setConnectionKeepAlive(timeValue(keepAlive.idleTimeout())))
			.withCustomizer((builder) -> {
				connectionManager[0] = (PoolingHttpClientConnectionManager) builder.getConnManager();
				configure(builder, settings, connectionManager[0], staleRoutes);
				this.customizers.forEach((customizer) -> customizer.customize(settings, builder));
				builder.setConnectionManager(
						new InstrumentedConnectionManager(connectionManager[0], settings.name(), this.listener));
			})
			.build(settings.http());
		connectionManager[0]
			.setConnectionConfigResolver(staleRoutes.connectionConfigResolver(connectionConfig[0].build()));
		IdleConnectionEvictor evictor = new IdleConnectionEvictor(connectionManager[0],
				new DefaultThreadFactory("keepalive-evictor-" + settings.name(), true),
				timeValue(evictionInterval(keepAlive.idleTimeout())), timeValue(keepAlive.idleTimeout()));
		evictor.start();
		KeepAliveHttpClient client = new KeepAliveHttpClient(settings, connectionManager[0], httpClient, evictor,
				closing);
		this.listener.clientCreated(client);
		return client;
	}

	private void configure(HttpClientBuilder builder, KeepAliveClientSettings settings,
			PoolingHttpClientConnectionManager connectionManager, StaleRoutes staleRoutes) {
		builder.addExecInterceptorFirst(PoolExhaustedExceptionTranslator.NAME, new PoolExhaustedExceptionTranslator(
				settings.name(), settings.pool().leaseTimeout(), connectionManager));
		// HttpClient tags a connection with the TLS client principal (mutual TLS) and then
		// only leases it to requests carrying that user token, which Spring's request
		// factory never sets: every request would open a new connection. All connections
		// of one pool present the same SSL bundle, so there is no state to keep apart.
		builder.setUserTokenHandler(NoopUserTokenHandler.INSTANCE);
		if (settings.keepAlive().enabled()) {
			builder.setKeepAliveStrategy(new IdleTimeoutKeepAliveStrategy(settings.keepAlive().idleTimeout()));
		}
		else {
			builder.setConnectionReuseStrategy((request, response, context) -> false);
			builder.addRequestInterceptorLast(
					(request, entity, context) -> request.setHeader(HttpHeaders.CONNECTION, "close"));
		}
		if (settings.proxy() != null) {
			configureProxy(builder, settings.proxy());
		}
		BaseUrlCredentials baseUrlCredentials = BaseUrlCredentials.of(settings.baseUrl());
		if (baseUrlCredentials != null) {
			builder.addRequestInterceptorFirst(baseUrlCredentials);
		}
		if (!settings.pool().maxPerHost().isEmpty()) {
			MaxPerHostLimits limits = new MaxPerHostLimits(settings.pool().maxPerHost(), connectionManager);
			limits.applyToDirectRoutes();
			builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), MaxPerHostLimits.NAME, limits);
		}
		if (settings.maxRetries() > 0) {
			builder.setRetryStrategy(new IdempotentIoRetryStrategy(settings.maxRetries(), staleRoutes));
			builder.addExecInterceptorBefore(ChainElement.CONNECT.name(), FreshConnectionOnRetry.NAME,
					new FreshConnectionOnRetry());
		}
		else {
			builder.disableAutomaticRetries();
		}
	}

	private static void configureProxy(HttpClientBuilder builder, KeepAliveClientSettings.Proxy proxy) {
		HttpHost proxyHost = new HttpHost(proxy.host(), proxy.port());
		builder.setRoutePlanner(new ProxyRoutePlanner(proxyHost, proxy.nonProxyHosts()));
		if (proxy.username() != null) {
			BasicCredentialsProvider credentials = new BasicCredentialsProvider();
			char[] password = (proxy.password() != null) ? proxy.password().toCharArray() : new char[0];
			credentials.setCredentials(new AuthScope(proxyHost),
					new UsernamePasswordCredentials(proxy.username(), password));
			builder.setDefaultCredentialsProvider(credentials);
			// Spring's request factory gives each request a new context, so HttpClient would
			// forget a successful proxy login and take a 407 round trip on every request. One
			// cache per client keeps it: challenged once, then sent preemptively.
			BasicAuthCache authCache = new BasicAuthCache();
			builder.addExecInterceptorFirst("keepalive-proxy-auth-cache", (request, scope, chain) -> {
				if (scope.clientContext.getAuthCache() == null) {
					scope.clientContext.setAuthCache(authCache);
				}
				return chain.proceed(request, scope);
			});
		}
	}

	private static Duration evictionInterval(Duration idleTimeout) {
		Duration half = idleTimeout.dividedBy(2);
		if (half.compareTo(MAX_EVICTION_INTERVAL) > 0) {
			return MAX_EVICTION_INTERVAL;
		}
		return (half.compareTo(MIN_EVICTION_INTERVAL) < 0) ? MIN_EVICTION_INTERVAL : half;
	}

	private static TimeValue timeValue(Duration duration) {
		return TimeValue.of(duration.toMillis(), TimeUnit.MILLISECONDS);
	}

	private static Timeout timeout(Duration duration) {
		return Timeout.of(duration.toMillis(), TimeUnit.MILLISECONDS);
	}

}
