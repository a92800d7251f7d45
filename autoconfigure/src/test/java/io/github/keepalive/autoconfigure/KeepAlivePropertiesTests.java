package io.github.keepalive.autoconfigure;

import java.time.Duration;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.test.HttpClientInternals;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.client5.http.ConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.HttpRequestRetryStrategy;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.DefaultHttpRequestRetryStrategy;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpVersion;
import org.apache.hc.core5.http.NoHttpResponseException;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.message.BasicClassicHttpResponse;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.ssl.NoSuchSslBundleException;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that every {@code keepalive.*} property reaches the HttpClient objects that are
 * actually built, named clients inherit field by field, and an invalid value stops
 * start-up naming the property.
 */
class KeepAlivePropertiesTests {

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner();

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	// ------------------------------------------------------------------ properties

	@Test
	void defaultsReachTheBuiltClient() {
		this.contextRunner.run((context) -> {
			KeepAliveHttpClient client = defaultClient(context);
			assertThat(client.pool().limits().maxTotal()).isEqualTo(200);
			assertThat(client.pool().limits().maxPerRoute()).isEqualTo(50);
			assertThat(HttpClientInternals.poolType(client))
				.isEqualTo("StrictConnPool");
			assertThat(HttpClientInternals.reusePolicy(client)).isEqualTo(PoolReusePolicy.LIFO);
			RequestConfig requestConfig = HttpClientInternals.requestConfig(client);
			assertThat(requestConfig.getConnectionRequestTimeout().toMilliseconds()).isEqualTo(5000);
			assertThat(requestConfig.getConnectionKeepAlive().toMilliseconds()).isEqualTo(30_000);
			ConnectionConfig connectionConfig = connectionConfig(client, "https://api.example.com");
			assertThat(connectionConfig.getTimeToLive().toMilliseconds()).isEqualTo(Duration.ofMinutes(5).toMillis());
			assertThat(connectionConfig.getValidateAfterInactivity().toMilliseconds()).isEqualTo(1000);
			assertThat(connectionConfig.getConnectTimeout().toMilliseconds()).isEqualTo(5000);
			assertThat(connectionConfig.getSocketTimeout().toMilliseconds()).isEqualTo(30_000);
			HttpRequestRetryStrategy retryStrategy = HttpClientInternals.retryStrategy(client);
			assertThat(retryStrategy).isInstanceOf(DefaultHttpRequestRetryStrategy.class);
			assertThat(HttpClientInternals.maxRetries(retryStrategy)).isOne();
		});
	}

	@Test
	void poolSizes() {
		withProperties("keepalive.pool.max-total=120", "keepalive.pool.max-per-route=30",
				"keepalive.pool.max-per-host.[api.example.com:8443]=12",
				"keepalive.pool.max-per-host.[other.example.com]=5")
			.run((context) -> {
				KeepAliveHttpClient client = defaultClient(context);
				assertThat(client.pool().limits().maxTotal()).isEqualTo(120);
				assertThat(client.pool().limits().maxPerRoute()).isEqualTo(30);
				assertThat(maxPerRoute(client, "https://api.example.com:8443/x")).isEqualTo(12);
				assertThat(maxPerRoute(client, "http://api.example.com:8443/x")).isEqualTo(12);
				assertThat(maxPerRoute(client, "https://api.example.com/x")).isEqualTo(30);
				assertThat(maxPerRoute(client, "http://other.example.com/x")).isEqualTo(5);
				assertThat(maxPerRoute(client, "https://other.example.com/x")).isEqualTo(5);
				assertThat(maxPerRoute(client, "https://unrelated.example.com/x")).isEqualTo(30);
			});
	}

	@Test
	void unsetMaxPerRouteNeverExceedsSmallerMaxTotal() {
		this.contextRunner.withPropertyValues("keepalive.pool.max-total=10").run((context) -> {
			KeepAliveHttpClient client = defaultClient(context);
			assertThat(client.pool().limits().maxTotal()).isEqualTo(10);
			assertThat(client.pool().limits().maxPerRoute()).isEqualTo(10);
		});
	}

	@Test
	void leaseTimeout() {
		this.contextRunner.withPropertyValues("keepalive.pool.lease-timeout=1500ms")
			.run((context) -> assertThat(
					HttpClientInternals.requestConfig(defaultClient(context))
						.getConnectionRequestTimeout()
						.toMilliseconds())
				.isEqualTo(1500));
	}

	@Test
	void laxConcurrencyPolicyAndFifoReusePolicy() {
		this.contextRunner
			.withPropertyValues("keepalive.pool.concurrency-policy=lax", "keepalive.pool.reuse-policy=fifo")
			.run((context) -> {
				KeepAliveHttpClient client = defaultClient(context);
				assertThat(HttpClientInternals.poolType(client))
					.isEqualTo("LaxConnPool");
				assertThat(HttpClientInternals.reusePolicy(client)).isEqualTo(PoolReusePolicy.FIFO);
			});
	}

	@Test
	void offLockConcurrencyPolicy() {
		this.contextRunner.withPropertyValues("keepalive.pool.concurrency-policy=OFFLOCK").run((context) -> {
			KeepAliveHttpClient client = defaultClient(context);
			assertThat(HttpClientInternals.poolType(client))
				.isEqualTo("RouteSegmentedConnPool");
			assertThat(HttpClientInternals.reusePolicy(client)).isEqualTo(PoolReusePolicy.LIFO);
		});
	}

	@Test
	void keepAlive() {
		this.contextRunner
			.withPropertyValues("keepalive.keep-alive.idle-timeout=12s", "keepalive.keep-alive.time-to-live=2m",
					"keepalive.keep-alive.validate-after-inactivity=1500ms")
			.run((context) -> {
				KeepAliveHttpClient client = defaultClient(context);
				assertThat(HttpClientInternals.requestConfig(client)
					.getConnectionKeepAlive()
					.toMilliseconds()).isEqualTo(12_000);
				ConnectionConfig connectionConfig = connectionConfig(client, "http://api.example.com");
				assertThat(connectionConfig.getTimeToLive().toMilliseconds()).isEqualTo(120_000);
				assertThat(connectionConfig.getValidateAfterInactivity().toMilliseconds()).isEqualTo(1500);
				ConnectionKeepAliveStrategy strategy = HttpClientInternals.keepAliveStrategy(client);
				assertThat(keepAliveDuration(strategy, null)).isEqualTo(12_000);
				// a shorter timeout announced by the server wins, a longer one is capped
				assertThat(keepAliveDuration(strategy, "timeout=3")).isEqualTo(3000);
				assertThat(keepAliveDuration(strategy, "timeout=60, max=100")).isEqualTo(12_000);
				assertThat(isReused(client)).isTrue();
			});
	}

	@Test
	void keepAliveDisabled() {
		this.contextRunner.withPropertyValues("keepalive.keep-alive.enabled=false")
			.run((context) -> assertThat(isReused(defaultClient(context))).isFalse());
	}

	@Test
	void connectAndReadTimeouts() {
		this.contextRunner.withPropertyValues("keepalive.connect-timeout=2s", "keepalive.read-timeout=7s")
			.run((context) -> {
				ConnectionConfig connectionConfig = connectionConfig(defaultClient(context), "http://x.example.com");
				assertThat(connectionConfig.getConnectTimeout().toMilliseconds()).isEqualTo(2000);
				assertThat(connectionConfig.getSocketTimeout().toMilliseconds()).isEqualTo(7000);
			});
	}

	@Test
	void timeoutsFallBackToSpringHttpClientsProperties() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.connect-timeout=3s", "spring.http.clients.read-timeout=4s",
					"keepalive.clients.github.base-url=https://api.github.com")
			.run((context) -> {
				for (KeepAliveHttpClient client : context.getBean(KeepAliveClients.class).getAll()) {
					ConnectionConfig connectionConfig = connectionConfig(client, "http://x.example.com");
					assertThat(connectionConfig.getConnectTimeout().toMilliseconds()).as(client.getName())
						.isEqualTo(3000);
					assertThat(connectionConfig.getSocketTimeout().toMilliseconds()).as(client.getName())
						.isEqualTo(4000);
				}
			});
	}

	@Test
	void keepAliveTimeoutsWinOverSpringHttpClientsProperties() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.connect-timeout=3s", "spring.http.clients.read-timeout=4s",
					"keepalive.connect-timeout=1s", "keepalive.read-timeout=2s")
			.run((context) -> {
				ConnectionConfig connectionConfig = connectionConfig(defaultClient(context), "http://x.example.com");
				assertThat(connectionConfig.getConnectTimeout().toMilliseconds()).isEqualTo(1000);
				assertThat(connectionConfig.getSocketTimeout().toMilliseconds()).isEqualTo(2000);
			});
	}

	@Test
	void maxRetries() {
		this.contextRunner.withPropertyValues("keepalive.retry.max-retries=3").run((context) -> {
			HttpRequestRetryStrategy retryStrategy = HttpClientInternals
				.retryStrategy(defaultClient(context));
			assertThat(HttpClientInternals.maxRetries(retryStrategy)).isEqualTo(3);
			// responses such as 503 are never retried, only I/O errors
			assertThat(retryStrategy.retryRequest(new BasicClassicHttpResponse(503), 1, HttpClientContext.create()))
				.isFalse();
		});
	}

	@Test
	void zeroMaxRetriesDisablesRetriesOfRequestsThatWereSent() {
		this.contextRunner.withPropertyValues("keepalive.retry.max-retries=0").run((context) -> {
			HttpRequestRetryStrategy retryStrategy = HttpClientInternals.retryStrategy(defaultClient(context));
			assertThat(HttpClientInternals.maxRetries(retryStrategy)).isZero();
			HttpClientContext httpContext = HttpClientContext.create();
			assertThat(retryStrategy.retryRequest(new BasicClassicHttpRequest("GET", "/"),
					new NoHttpResponseException("failed to respond"), 1, httpContext))
				.isFalse();
		});
	}

	@Test
	void baseUrlAndDefaultHeaders() {
		this.contextRunner
			.withPropertyValues("keepalive.base-url=" + this.server.url("/api"),
					"keepalive.default-headers.X-Team=core", "keepalive.default-headers.Accept-Language=en,fr")
			.run((context) -> {
				assertThat(context.getBean(RestClient.class).get().uri("/things").retrieve().body(String.class))
					.isEqualTo("ok");
				LoopbackHttpServer.RecordedRequest request = this.server.lastRequest();
				assertThat(request.target()).isEqualTo("/api/things");
				assertThat(request.headers().get("x-team")).containsExactly("core");
				assertThat(request.headers().get("accept-language")).containsExactly("en", "fr");
			});
	}

	@Test
	void sslBundle() {
		this.contextRunner
			.withPropertyValues("spring.ssl.bundle.jks.corporate.truststore.location=file:"
					+ System.getProperty("java.home") + "/lib/security/cacerts",
					"spring.ssl.bundle.jks.corporate.truststore.password=changeit", "keepalive.ssl.bundle=corporate")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(defaultClient(context).getSettings().http().sslBundle())
					.isSameAs(context.getBean(org.springframework.boot.ssl.SslBundles.class).getBundle("corporate"));
			});
	}

	// ------------------------------------------------------------------ named clients

	@Test
	void namedClientInheritsUnsetValuesFieldByField() {
		this.contextRunner.withPropertyValues("keepalive.base-url=" + this.server.url("/default"),
				"keepalive.pool.max-total=100", "keepalive.pool.max-per-route=40",
				"keepalive.pool.max-per-host.[a.example.com]=7", "keepalive.pool.lease-timeout=2s",
				"keepalive.pool.concurrency-policy=OFFLOCK", "keepalive.pool.reuse-policy=FIFO",
				"keepalive.keep-alive.idle-timeout=20s", "keepalive.keep-alive.time-to-live=3m",
				"keepalive.keep-alive.validate-after-inactivity=2s", "keepalive.connect-timeout=4s",
				"keepalive.read-timeout=6s", "keepalive.retry.max-retries=2", "keepalive.default-headers.X-Default=d",
				"keepalive.default-headers.X-Shared=from-default", "keepalive.clients.github.pool.max-per-route=10",
				"keepalive.clients.github.pool.max-per-host.[b.example.com]=3",
				"keepalive.clients.github.keep-alive.time-to-live=1m", "keepalive.clients.github.read-timeout=8s",
				"keepalive.clients.github.default-headers.X-Github=g",
				"keepalive.clients.github.default-headers.X-Shared=from-github")
			.run((context) -> {
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				KeepAliveHttpClient github = clients.get("github");
				assertThat(github.pool().limits().maxTotal()).isEqualTo(100);
				assertThat(github.pool().limits().maxPerRoute()).isEqualTo(10);
				assertThat(maxPerRoute(github, "https://a.example.com")).isEqualTo(7);
				assertThat(maxPerRoute(github, "https://b.example.com")).isEqualTo(3);
				assertThat(HttpClientInternals.poolType(github)).isEqualTo("RouteSegmentedConnPool");
				assertThat(HttpClientInternals.reusePolicy(github)).isEqualTo(PoolReusePolicy.FIFO);
				RequestConfig requestConfig = HttpClientInternals.requestConfig(github);
				assertThat(requestConfig.getConnectionRequestTimeout().toMilliseconds()).isEqualTo(2000);
				assertThat(requestConfig.getConnectionKeepAlive().toMilliseconds()).isEqualTo(20_000);
				ConnectionConfig connectionConfig = connectionConfig(github, "https://api.github.com");
				assertThat(connectionConfig.getTimeToLive().toMilliseconds()).isEqualTo(60_000);
				assertThat(connectionConfig.getValidateAfterInactivity().toMilliseconds()).isEqualTo(2000);
				assertThat(connectionConfig.getConnectTimeout().toMilliseconds()).isEqualTo(4000);
				assertThat(connectionConfig.getSocketTimeout().toMilliseconds()).isEqualTo(8000);
				assertThat(HttpClientInternals.maxRetries(HttpClientInternals.retryStrategy(github)))
					.isEqualTo(2);
				// the default client keeps its own values
				KeepAliveHttpClient defaultClient = clients.get("default");
				assertThat(defaultClient.pool().limits().maxPerRoute()).isEqualTo(40);
				assertThat(maxPerRoute(defaultClient, "https://b.example.com")).isEqualTo(40);
				ConnectionConfig defaultConnectionConfig = connectionConfig(defaultClient, "https://api.github.com");
				assertThat(defaultConnectionConfig.getTimeToLive().toMilliseconds()).isEqualTo(180_000);
				assertThat(defaultConnectionConfig.getSocketTimeout().toMilliseconds()).isEqualTo(6000);
				// base-url is never inherited, default-headers are merged
				assertThat(github.getSettings().baseUrl()).isNull();
				RestClient githubRestClient = context.getBean("githubRestClient", RestClient.class);
				githubRestClient.get().uri(this.server.url("/named")).retrieve().toBodilessEntity();
				LoopbackHttpServer.RecordedRequest request = this.server.lastRequest();
				assertThat(request.target()).isEqualTo("/named");
				assertThat(request.headers().get("x-default")).containsExactly("d");
				assertThat(request.headers().get("x-github")).containsExactly("g");
				assertThat(request.headers().get("x-shared")).containsExactly("from-github");
				context.getBean(RestClient.class).get().uri("/path").retrieve().toBodilessEntity();
				request = this.server.lastRequest();
				assertThat(request.target()).isEqualTo("/default/path");
				assertThat(request.headers().get("x-shared")).containsExactly("from-default");
				assertThat(request.headers()).doesNotContainKey("x-github");
				// each client has a pool of its own
				assertThat(this.server.acceptedConnections()).isEqualTo(2);
				assertThat(github.pool().totalStats().available()).isOne();
				assertThat(defaultClient.pool().totalStats().available()).isOne();
			});
	}

	@Test
	void namedClientInheritsAndOverridesKeepAliveEnabled() {
		this.contextRunner
			.withPropertyValues("keepalive.keep-alive.enabled=false", "keepalive.clients.legacy.base-url=http://a",
					"keepalive.clients.modern.keep-alive.enabled=true")
			.run((context) -> {
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				assertThat(isReused(clients.get("legacy"))).isFalse();
				assertThat(isReused(clients.get("modern"))).isTrue();
			});
	}

	// ------------------------------------------------------------------ invalid values

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			keepalive.pool.max-total | 0 | keepalive.pool.max-total
			keepalive.pool.max-total | -5 | keepalive.pool.max-total
			keepalive.pool.max-per-route | 0 | keepalive.pool.max-per-route
			keepalive.pool.max-per-route | -1 | keepalive.pool.max-per-route
			keepalive.pool.max-per-route | 201 | keepalive.pool.max-per-route
			keepalive.pool.lease-timeout | 0s | keepalive.pool.lease-timeout
			keepalive.pool.lease-timeout | -1s | keepalive.pool.lease-timeout
			keepalive.pool.max-per-host.[api.example.com] | 0 | keepalive.pool.max-per-host.[api.example.com]
			keepalive.pool.max-per-host.[api.example.com:8443] | -1 | keepalive.pool.max-per-host.[api.example.com:8443]
			keepalive.pool.max-per-host.[api.example.com] | 201 | keepalive.pool.max-per-host.[api.example.com]
			keepalive.pool.max-per-host.[api.example.com/path] | 5 | keepalive.pool.max-per-host.[api.example.com/path]
			keepalive.keep-alive.idle-timeout | 0ms | keepalive.keep-alive.idle-timeout
			keepalive.keep-alive.idle-timeout | -1s | keepalive.keep-alive.idle-timeout
			keepalive.keep-alive.time-to-live | 0s | keepalive.keep-alive.time-to-live
			keepalive.keep-alive.time-to-live | -1m | keepalive.keep-alive.time-to-live
			keepalive.keep-alive.validate-after-inactivity | 0s | keepalive.keep-alive.validate-after-inactivity
			keepalive.keep-alive.validate-after-inactivity | -1s | keepalive.keep-alive.validate-after-inactivity
			keepalive.connect-timeout | 0s | keepalive.connect-timeout
			keepalive.connect-timeout | -1s | keepalive.connect-timeout
			keepalive.read-timeout | 0s | keepalive.read-timeout
			keepalive.read-timeout | -1s | keepalive.read-timeout
			keepalive.retry.max-retries | -1 | keepalive.retry.max-retries
			keepalive.base-url | http://exa mple.com | keepalive.base-url
			keepalive.base-url | /relative/path | keepalive.base-url
			keepalive.base-url | api.example.com | keepalive.base-url
			keepalive.base-url | ftp://example.com | keepalive.base-url
			keepalive.base-url | http:///no-host | keepalive.base-url
			keepalive.ssl.bundle | missing | keepalive.ssl.bundle
			keepalive.proxy.host | proxy.example.com | keepalive.proxy.port
			keepalive.clients.github.pool.max-per-route | 0 | keepalive.clients.github.pool.max-per-route
			keepalive.clients.github.pool.max-total | -1 | keepalive.clients.github.pool.max-total
			keepalive.clients.github.keep-alive.idle-timeout | 0s | keepalive.clients.github.keep-alive.idle-timeout
			keepalive.clients.github.base-url | /relative | keepalive.clients.github.base-url
			keepalive.clients.github.ssl.bundle | missing | keepalive.clients.github.ssl.bundle
			keepalive.clients.1github.base-url | https://api.github.com | keepalive.clients.1github
			keepalive.clients.[my.client].base-url | https://api.github.com | keepalive.clients.my.client
			keepalive.clients.default.base-url | https://api.github.com | keepalive.clients.default
			keepalive.advice.window | 0s | keepalive.advice.window
			keepalive.advice.window | -1m | keepalive.advice.window
			keepalive.health.saturation-period | 0s | keepalive.health.saturation-period
			keepalive.health.saturation-period | -5s | keepalive.health.saturation-period
			keepalive.shutdown.drain-timeout | -1s | keepalive.shutdown.drain-timeout
			keepalive.metrics.per-route.max-routes | 0 | keepalive.metrics.per-route.max-routes
			""")
	void invalidValueFailsStartupNamingTheProperty(String property, String value, String reported) {
		withProperties(property + "=" + value).run((context) -> assertInvalidProperty(context, reported));
	}

	@Test
	void maxPerRouteAboveMaxTotalFailsStartup() {
		this.contextRunner.withPropertyValues("keepalive.pool.max-total=10", "keepalive.pool.max-per-route=11")
			.run((context) -> {
				InvalidKeepAlivePropertyException ex = assertInvalidProperty(context, "keepalive.pool.max-per-route");
				assertThat(ex).hasMessageContaining("keepalive.pool.max-total (10)");
			});
	}

	@Test
	void namedMaxPerRouteAboveInheritedMaxTotalFailsStartup() {
		this.contextRunner
			.withPropertyValues("keepalive.pool.max-total=10", "keepalive.clients.github.pool.max-per-route=20")
			.run((context) -> assertInvalidProperty(context, "keepalive.clients.github.pool.max-per-route"));
	}

	@Test
	void maxPerHostAboveExplicitMaxTotalFailsStartup() {
		this.contextRunner
			.withPropertyValues("keepalive.pool.max-total=10", "keepalive.pool.max-per-host.[api.example.com]=11")
			.run((context) -> assertInvalidProperty(context, "keepalive.pool.max-per-host.[api.example.com]"));
	}

	// ------------------------------------------------------------------ helpers

	private ApplicationContextRunner withProperties(String... pairs) {
		return KeepAliveTestSupport.withProperties(this.contextRunner, pairs);
	}

	private static InvalidKeepAlivePropertyException assertInvalidProperty(AssertableApplicationContext context,
			String property) {
		assertThat(context).hasFailed();
		Throwable failure = context.getStartupFailure();
		InvalidKeepAlivePropertyException invalid = findCause(failure, InvalidKeepAlivePropertyException.class);
		assertThat(invalid).as("InvalidKeepAlivePropertyException in %s", failure).isNotNull();
		assertThat(invalid.getProperty()).isEqualTo(property);
		assertThat(invalid).hasMessageContaining("'" + property + "'");
		assertThat(invalid.getAction()).contains("keepalive.");
		Throwable rootCause = rootCause(failure);
		if (invalid.getCause() != null) {
			// a lookup failure underneath (an unknown SSL bundle) stays visible as the cause
			assertThat(rootCause).isInstanceOf(NoSuchSslBundleException.class);
			assertThat(invalid.getCause()).isSameAs(rootCause);
		}
		else {
			assertThat(rootCause).isSameAs(invalid);
		}
		return invalid;
	}

	private static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable root = failure;
		while (root.getCause() != null) {
			root = root.getCause();
		}
		return root;
	}

	private static KeepAliveHttpClient defaultClient(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(KeepAliveClients.class).get(KeepAliveClientSettings.DEFAULT_CLIENT_NAME);
	}

	private static ConnectionConfig connectionConfig(KeepAliveHttpClient client, String uri) {
		return HttpClientInternals.connectionConfig(client, uri);
	}

	private static int maxPerRoute(KeepAliveHttpClient client, String uri) {
		return client.pool().routeStats(HttpClientInternals.route(client, uri)).max();
	}

	private static long keepAliveDuration(ConnectionKeepAliveStrategy strategy, String keepAliveHeader) {
		BasicClassicHttpResponse response = new BasicClassicHttpResponse(200);
		if (keepAliveHeader != null) {
			response.addHeader("Keep-Alive", keepAliveHeader);
		}
		TimeValue duration = strategy.getKeepAliveDuration(response, HttpClientContext.create());
		return duration.toMilliseconds();
	}

	private static boolean isReused(KeepAliveHttpClient client) {
		BasicClassicHttpResponse response = new BasicClassicHttpResponse(200);
		response.setVersion(HttpVersion.HTTP_1_1);
		response.addHeader("Content-Length", "0");
		HttpClientContext context = HttpClientContext.create();
		context.setProtocolVersion(HttpVersion.HTTP_1_1);
		return HttpClientInternals.reuseStrategy(client)
			.keepAlive(new BasicClassicHttpRequest("GET", "/"), response, context);
	}

}
