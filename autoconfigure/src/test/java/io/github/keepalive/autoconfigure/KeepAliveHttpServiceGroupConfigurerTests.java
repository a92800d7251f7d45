package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTP service groups ({@code @ImportHttpServices}, {@code spring.http.serviceclient.*})
 * on keep-alive pools, against real loopback servers: a group named like a
 * {@code keepalive.clients.<name>} entry shares that client's pool and limits, any other
 * group gets a pool of its own, named after the group, whose connections are reused.
 */
class KeepAliveHttpServiceGroupConfigurerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class, SslAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, HttpServiceClientPropertiesAutoConfiguration.class,
				HttpServiceClientAutoConfiguration.class))
		.withUserConfiguration(HttpServices.class);

	@RegisterExtension
	private final LoopbackHttpServer pooledServer = LoopbackHttpServer.start().echoPath();

	@RegisterExtension
	private final LoopbackHttpServer soloServer = LoopbackHttpServer.start().echoPath();

	@Test
	void groupNamedLikeAKeepAliveClientRunsOnThatClientsPoolWithItsLimits() {
		this.runner
			.withPropertyValues("spring.http.serviceclient.pooled.base-url=" + this.pooledServer.baseUrl(),
					"spring.http.serviceclient.solo.base-url=" + this.soloServer.baseUrl(),
					"keepalive.clients.pooled.pool.max-per-route=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				PooledService service = context.getBean(PooledService.class);
				List<String> bodies = ConcurrentCallers.results(12, Duration.ofSeconds(30), () -> service.call(200));
				assertThat(bodies).hasSize(12).containsOnly("/pooled");
				assertThat(this.pooledServer.recordedRequests()).hasSize(12);
				assertThat(this.pooledServer.maxOpenConnections()).as("connections open at once").isEqualTo(3);
				assertThat(this.pooledServer.acceptedConnections()).as("connections accepted").isEqualTo(3);
				KeepAliveHttpClient client = context.getBean(KeepAliveClients.class).get("pooled");
				assertThat(client.pool().totalStats().available())
					.as("the group's connections are idle in the named client's pool")
					.isEqualTo(3);
				// the named client's RestClient reuses the connections the group opened
				RestClient pooledRestClient = context.getBean("pooledRestClient", RestClient.class);
				for (int i = 0; i < 5; i++) {
					assertThat(pooledRestClient.get()
						.uri(this.pooledServer.baseUrl() + "/pooled")
						.retrieve()
						.body(String.class)).isEqualTo("/pooled");
				}
				assertThat(this.pooledServer.recordedRequests()).hasSize(17);
				assertThat(this.pooledServer.acceptedConnections()).isEqualTo(3);
				assertThat(context.getBean(KeepAliveClients.class).getAll()).extracting(KeepAliveHttpClient::getName)
					.containsExactly("default", "pooled", "solo");
			});
	}

	@Test
	void groupWithoutAKeepAliveClientGetsAPoolOfItsOwnWhoseConnectionIsReused() {
		this.runner
			.withPropertyValues("spring.http.serviceclient.pooled.base-url=" + this.pooledServer.baseUrl(),
					"spring.http.serviceclient.solo.base-url=" + this.soloServer.baseUrl(),
					"spring.http.serviceclient.solo.read-timeout=4s", "keepalive.pool.max-per-route=7",
					"keepalive.clients.pooled.pool.max-per-route=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				SoloService service = context.getBean(SoloService.class);
				for (int i = 0; i < 20; i++) {
					assertThat(service.call()).isEqualTo("/solo");
				}
				assertThat(this.soloServer.recordedRequests()).hasSize(20);
				assertThat(this.soloServer.acceptedConnections()).as("connections for 20 sequential calls")
					.isEqualTo(1);
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				assertThat(clients.getAll()).extracting(KeepAliveHttpClient::getName)
					.containsExactly("default", "pooled", "solo");
				KeepAliveHttpClient solo = clients.get("solo");
				assertThat(solo.pool().totalStats().available()).isEqualTo(1);
				assertThat(clients.get("default").pool().totalStats().available()).isZero();
				// the group's pool has the default client's pool settings and the group's timeouts
				assertThat(solo.getSettings().pool().maxPerRoute()).isEqualTo(7);
				assertThat(solo.getSettings().http().readTimeout()).isEqualTo(Duration.ofSeconds(4));
				assertThat(solo.getSettings().baseUrl()).isNull();
			});
	}

	@Test
	void requestFactoryForOtherSettingsCreatesItsPoolOnFirstUseAndSharesIt() {
		this.runner.withPropertyValues("spring.http.serviceclient.pooled.base-url=" + this.pooledServer.baseUrl())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				ClientHttpRequestFactoryBuilder<?> builder = context.getBean(ClientHttpRequestFactoryBuilder.class);
				HttpClientSettings settings = HttpClientSettings.defaults()
					.withConnectTimeout(Duration.ofSeconds(3))
					.withReadTimeout(Duration.ofSeconds(3));
				RestClient first = RestClient.builder()
					.requestFactory(builder.build(settings))
					.baseUrl(this.soloServer.baseUrl())
					.build();
				RestClient second = RestClient.builder()
					.requestFactory(builder.build(settings))
					.baseUrl(this.soloServer.baseUrl())
					.build();
				assertThat(clients.getAll()).extracting(KeepAliveHttpClient::getName)
					.as("no pool before the first request")
					.containsExactlyInAnyOrder("default", "pooled", "solo");
				for (int i = 0; i < 5; i++) {
					assertThat(first.get().uri("/first").retrieve().body(String.class)).isEqualTo("/first");
					assertThat(second.get().uri("/second").retrieve().body(String.class)).isEqualTo("/second");
				}
				assertThat(clients.getAll()).extracting(KeepAliveHttpClient::getName)
					.containsExactlyInAnyOrder("default", "pooled", "solo", "default-1");
				assertThat(clients.get("default-1").getSettings().http().readTimeout())
					.isEqualTo(Duration.ofSeconds(3));
				assertThat(this.soloServer.recordedRequests()).hasSize(10);
				assertThat(this.soloServer.acceptedConnections()).as("one shared pool, one reused connection")
					.isEqualTo(1);
			});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "pooled", types = PooledService.class)
	@ImportHttpServices(group = "solo", types = SoloService.class)
	static class HttpServices {

	}

	interface PooledService {

		@GetExchange("/pooled")
		String call(@RequestParam("delay") int delayMillis);

	}

	interface SoloService {

		@GetExchange("/solo")
		String call();

	}

}
