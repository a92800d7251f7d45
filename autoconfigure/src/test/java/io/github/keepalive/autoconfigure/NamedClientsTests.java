package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.pool.PoolExhaustedException;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * Named clients ({@code keepalive.clients.<name>.*}) against real loopback servers: each
 * keeps its own limits, is injectable by {@code @Qualifier}, inherits unset values from
 * the default client field by field, and fails start-up naming the offending property.
 */
class NamedClientsTests {

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class, SslAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class));

	@RegisterExtension
	private final LoopbackHttpServer serverA = LoopbackHttpServer.start().echoPath();

	@RegisterExtension
	private final LoopbackHttpServer serverB = LoopbackHttpServer.start().echoPath();

	@Test
	void eachNamedClientHoldsItsOwnPerRouteLimitAndIsInjectableByQualifier() {
		this.runner.withUserConfiguration(UserConfiguration.class)
			.withPropertyValues("keepalive.clients.a.base-url=" + this.serverA.baseUrl(),
					"keepalive.clients.a.pool.max-per-route=2",
					"keepalive.clients.b.base-url=" + this.serverB.baseUrl(),
					"keepalive.clients.b.pool.max-per-route=5")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Downstreams downstreams = context.getBean(Downstreams.class);
				CompletableFuture<List<String>> throughA = CompletableFuture.supplyAsync(
						() -> callConcurrently(16, () -> downstreams.a.get().uri("/a?delay=200").retrieve().body(String.class)));
				List<String> throughB = callConcurrently(16,
						() -> downstreams.b.get().uri("/b?delay=200").retrieve().body(String.class));
				assertThat(throughA.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).hasSize(16).containsOnly("/a");
				assertThat(throughB).hasSize(16).containsOnly("/b");
				assertThat(this.serverA.recordedRequests()).hasSize(16)
					.allMatch((request) -> request.path().equals("/a"));
				assertThat(this.serverB.recordedRequests()).hasSize(16)
					.allMatch((request) -> request.path().equals("/b"));
				// 16 callers through a slow endpoint: each pool opens exactly its limit
				assertThat(this.serverA.maxOpenConnections()).as("connections open at once to A").isEqualTo(2);
				assertThat(this.serverA.acceptedConnections()).as("connections accepted by A").isEqualTo(2);
				assertThat(this.serverA.maxRequestsInFlight()).as("requests in flight at once at A").isEqualTo(2);
				assertThat(this.serverB.maxOpenConnections()).as("connections open at once to B").isEqualTo(5);
				assertThat(this.serverB.acceptedConnections()).as("connections accepted by B").isEqualTo(5);
				assertThat(this.serverB.maxRequestsInFlight()).as("requests in flight at once at B").isEqualTo(5);
				// the qualified beans are the named clients' RestClients, and the primary one is the default
				assertThat(downstreams.a).isSameAs(context.getBean("aRestClient"));
				assertThat(downstreams.b).isSameAs(context.getBean("bRestClient"));
				assertThat(downstreams.primary).isSameAs(context.getBean("restClient"));
				assertThat(context.getBean(UserConfiguration.class).a).isSameAs(downstreams.a);
			});
	}

	@Test
	void unsetNestedValueOfNamedClientFallsBackToTopLevelValue() {
		this.runner
			.withPropertyValues("keepalive.pool.lease-timeout=300ms",
					"keepalive.clients.a.base-url=" + this.serverA.baseUrl(),
					"keepalive.clients.a.pool.max-per-route=1", "keepalive.clients.b.pool.lease-timeout=7s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				assertThat(clients.get("a").getSettings().pool().leaseTimeout()).isEqualTo(Duration.ofMillis(300));
				assertThat(clients.get("a").getSettings().pool().maxPerRoute()).isEqualTo(1);
				assertThat(clients.get("b").getSettings().pool().leaseTimeout()).isEqualTo(Duration.ofSeconds(7));
				assertThat(clients.get("default").getSettings().pool().maxPerRoute())
					.isEqualTo(PoolSettings.DEFAULTS.maxPerRoute());
				RestClient a = context.getBean("aRestClient", RestClient.class);
				ExecutorService executor = Executors.newSingleThreadExecutor();
				try {
					// hold a's only connection for 2s ...
					CompletableFuture<String> held = CompletableFuture
						.supplyAsync(() -> a.get().uri("/held?delay=2000").retrieve().body(String.class), executor);
					assertThat(LoopbackHttpServer.await(() -> this.serverA.requestsInFlight() == 1,
							Duration.ofSeconds(10)))
						.isTrue();
					// ... so a second request waits the inherited 300ms lease timeout, not the default 5s:
					// it gives up while the held connection is still out
					long start = System.nanoTime();
					assertThatException().isThrownBy(() -> a.get().uri("/waits").retrieve().body(String.class))
						.isInstanceOf(ResourceAccessException.class)
						.havingCause()
						.isInstanceOf(PoolExhaustedException.class)
						.withMessageContaining("'a'")
						.withMessageContaining("PT0.3S");
					assertThat(held).as("the held connection is still out").isNotDone();
					assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(250));
					assertThat(held.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("/held");
					assertThat(this.serverA.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::path)
						.containsExactly("/held");
				}
				finally {
					executor.shutdownNow();
					executor.awaitTermination(10, TimeUnit.SECONDS);
				}
			});
	}

	@Test
	void defaultHeadersAreMergedAndBaseUrlIsNotInherited() {
		this.runner
			.withPropertyValues("keepalive.base-url=" + this.serverA.baseUrl(),
					"keepalive.default-headers.X-Common=top", "keepalive.default-headers.X-Override=top",
					"keepalive.clients.a.base-url=" + this.serverB.baseUrl(),
					"keepalive.clients.a.default-headers.X-Client=a", "keepalive.clients.a.default-headers.X-Override=a",
					"keepalive.clients.c.pool.max-per-route=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				context.getBean("aRestClient", RestClient.class).get().uri("/from-a").retrieve().toBodilessEntity();
				context.getBean(RestClient.class).get().uri("/from-default").retrieve().toBodilessEntity();
				assertThat(this.serverB.recordedRequests()).singleElement().satisfies((request) -> {
					assertThat(request.path()).isEqualTo("/from-a");
					assertThat(request.header("X-Common")).isEqualTo("top");
					assertThat(request.header("X-Client")).isEqualTo("a");
					assertThat(request.header("X-Override")).isEqualTo("a");
				});
				assertThat(this.serverA.recordedRequests()).singleElement().satisfies((request) -> {
					assertThat(request.path()).isEqualTo("/from-default");
					assertThat(request.header("X-Common")).isEqualTo("top");
					assertThat(request.header("X-Override")).isEqualTo("top");
					assertThat(request.header("X-Client")).isNull();
				});
				// c sets no base URL and does not get the default client's
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				assertThat(clients.get("c").getSettings().baseUrl()).isNull();
				assertThat(clients.get("c").getSettings().defaultHeaders()).containsOnlyKeys("X-Common", "X-Override");
				RestClient c = context.getBean("cRestClient", RestClient.class);
				assertThatException().isThrownBy(() -> c.get().uri("/from-c").retrieve().toBodilessEntity());
				c.get().uri(this.serverB.baseUrl() + "/from-c").retrieve().toBodilessEntity();
				assertThat(this.serverA.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::path)
					.containsExactly("/from-default");
				assertThat(this.serverB.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::path)
					.containsExactly("/from-a", "/from-c");
			});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			keepalive.clients.[1st].base-url=http://127.0.0.1:1  | keepalive.clients.1st
			keepalive.clients.[-x].pool.max-total=3               | keepalive.clients.-x
			keepalive.clients.default.pool.max-total=3            | keepalive.clients.default
			keepalive.clients.[my.client].base-url=http://127.0.0.1:1 | keepalive.clients.my.client
			keepalive.clients.[my client].base-url=http://127.0.0.1:1 | keepalive.clients.my client
			keepalive.clients.[pay$].pool.max-total=3             | keepalive.clients.pay$
			""")
	void invalidClientNameFailsNamingTheClientsPrefix(String property, String expectedProperty) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			InvalidKeepAlivePropertyException failure = invalidProperty(context.getStartupFailure());
			assertThat(failure.getProperty()).isEqualTo(expectedProperty);
			assertThat(failure.getMessage()).contains("'" + expectedProperty + "'").contains("client name");
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', textBlock = """
			keepalive.clients.a.pool.max-per-route=0           | keepalive.clients.a.pool.max-per-route
			keepalive.clients.a.pool.max-total=-1              | keepalive.clients.a.pool.max-total
			keepalive.clients.a.pool.max-per-route=300         | keepalive.clients.a.pool.max-per-route
			keepalive.clients.a.pool.lease-timeout=0s          | keepalive.clients.a.pool.lease-timeout
			keepalive.clients.a.keep-alive.idle-timeout=-1s    | keepalive.clients.a.keep-alive.idle-timeout
			keepalive.clients.a.retry.max-retries=-1           | keepalive.clients.a.retry.max-retries
			keepalive.clients.a.connect-timeout=0ms            | keepalive.clients.a.connect-timeout
			keepalive.clients.a.base-url=ftp://files.example   | keepalive.clients.a.base-url
			keepalive.clients.a.base-url=http://exa mple.com   | keepalive.clients.a.base-url
			keepalive.clients.a.proxy.host=127.0.0.1           | keepalive.clients.a.proxy.port
			keepalive.clients.a.ssl.bundle=missing             | keepalive.clients.a.ssl.bundle
			keepalive.clients.a.pool.max-per-host.[api.example]=0 | keepalive.clients.a.pool.max-per-host.[api.example]
			""")
	void namedClientWithInvalidSettingFailsNamingTheProperty(String property, String expectedProperty) {
		this.runner.withPropertyValues(property, "keepalive.clients.b.base-url=http://127.0.0.1:1").run((context) -> {
			assertThat(context).hasFailed();
			InvalidKeepAlivePropertyException failure = invalidProperty(context.getStartupFailure());
			assertThat(failure.getProperty()).isEqualTo(expectedProperty);
			assertThat(failure.getMessage()).contains("'" + expectedProperty + "'");
			assertThat(failure.getAction()).contains(expectedProperty);
		});
	}

	@Test
	void namedClientWithUnconvertibleValueFailsNamingTheProperty() {
		this.runner.withPropertyValues("keepalive.clients.a.pool.max-per-route=lots").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().hasMessageContaining("lots");
			assertThat(messages(context.getStartupFailure())).contains("keepalive.clients.a.pool.max-per-route");
		});
	}

	private static InvalidKeepAlivePropertyException invalidProperty(Throwable failure) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (candidate instanceof InvalidKeepAlivePropertyException invalid) {
				return invalid;
			}
		}
		throw new AssertionError("No InvalidKeepAlivePropertyException in", failure);
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			messages.append(candidate.getMessage()).append('\n');
		}
		return messages.toString();
	}

	private static <T> List<T> callConcurrently(int callers, java.util.concurrent.Callable<T> call) {
		try {
			return ConcurrentCallers.results(callers, CALL_TIMEOUT, call);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Downstreams.class)
	static class UserConfiguration {

		final RestClient a;

		UserConfiguration(@Qualifier("a") RestClient a) {
			this.a = a;
		}

	}

	@Component
	static class Downstreams {

		final RestClient a;

		final RestClient b;

		final RestClient primary;

		Downstreams(@Qualifier("a") RestClient a, @Qualifier("b") RestClient b, RestClient primary) {
			this.a = a;
			this.b = b;
			this.primary = primary;
		}

	}

}
