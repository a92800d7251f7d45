package io.github.keepalive.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.keepalive.client.KeepAliveClientHttpRequestFactoryBuilder;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveHttpClientBuilderCustomizer;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.test.HttpClientInternals;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpComponentsClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link KeepAliveAutoConfiguration}: which beans exist and when, and when they
 * back off. What each property does is in {@link KeepAlivePropertiesTests}.
 */
@ExtendWith(OutputCaptureExtension.class)
class KeepAliveAutoConfigurationTests {

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner();

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	// ------------------------------------------------------------------ beans

	@Test
	void activeWithRestClientAndHttpClient5OnTheClasspath() {
		this.contextRunner.run((context) -> {
			assertThat(context).hasNotFailed()
				.hasSingleBean(KeepAliveClients.class)
				.hasSingleBean(KeepAliveHttpClientFactory.class)
				.hasSingleBean(KeepAliveRestClientFactory.class)
				.hasSingleBean(RestClient.class)
				.hasSingleBean(KeepAliveProperties.class);
			assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
				.isInstanceOf(KeepAliveClientHttpRequestFactoryBuilder.class);
			assertThat(context.getBean(KeepAliveClients.class).getAll()).extracting(KeepAliveHttpClient::getName)
				.containsExactly(KeepAliveClientSettings.DEFAULT_CLIENT_NAME);
		});
	}

	@Test
	void backsOffWithoutHttpClient5() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(HttpClients.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(KeepAliveClients.class)
				.doesNotHaveBean(KeepAliveRestClientFactory.class)
				.doesNotHaveBean(KeepAliveClientHttpRequestFactoryBuilder.class));
	}

	@Test
	void backsOffWithoutRestClient() {
		this.contextRunner.withClassLoader(new FilteredClassLoader(RestClient.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(KeepAliveClients.class)
				.doesNotHaveBean(KeepAliveHttpClientFactory.class));
	}

	@Test
	void disabledByProperty() {
		this.contextRunner
			.withPropertyValues("keepalive.enabled=false", "keepalive.clients.github.base-url=https://api.github.com")
			.run((context) -> {
				assertThat(context).hasNotFailed()
					.doesNotHaveBean(KeepAliveClients.class)
					.doesNotHaveBean(KeepAliveHttpClientFactory.class)
					.doesNotHaveBean(KeepAliveRestClientFactory.class)
					.doesNotHaveBean(KeepAliveClientHttpRequestFactoryBuilder.class)
					.doesNotHaveBean(NamedRestClientsRegistrar.class)
					.doesNotHaveBean(KeepAliveProperties.class)
					.doesNotHaveBean(RestClient.class)
					.doesNotHaveBean("githubRestClient");
				// Spring Boot's own builder is back
				assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
					.isInstanceOf(HttpComponentsClientHttpRequestFactoryBuilder.class);
			});
	}

	@Test
	void backsOffFromUserKeepAliveClients() {
		this.contextRunner.withUserConfiguration(UserKeepAliveClientsConfiguration.class)
			.withPropertyValues("keepalive.pool.max-total=7", "keepalive.pool.max-per-route=7")
			.run((context) -> {
				assertThat(context).hasSingleBean(KeepAliveClients.class);
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				assertThat(clients).isSameAs(context.getBean("userKeepAliveClients"));
				// the properties went to the auto-configured registry, which does not exist
				assertThat(clients.get("default").pool().limits().maxTotal()).isEqualTo(200);
				RestClient restClient = context.getBean(RestClient.class);
				assertThat(restClient.get().uri(this.server.url("/")).retrieve().body(String.class)).isEqualTo("ok");
				assertThat(clients.get("default").pool().totalStats().available()).isOne();
			});
	}

	@Test
	void backsOffFromUserKeepAliveHttpClientFactory() {
		this.contextRunner.withUserConfiguration(UserKeepAliveHttpClientFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(KeepAliveHttpClientFactory.class);
			assertThat(context.getBean(KeepAliveHttpClientFactory.class))
				.isSameAs(context.getBean("userKeepAliveHttpClientFactory"));
			context.getBean(RestClient.class).get().uri(this.server.url("/")).retrieve().toBodilessEntity();
			assertThat(this.server.lastRequest().header("User-Agent")).isEqualTo("user-factory");
		});
	}

	@Test
	void backsOffFromUserClientHttpRequestFactoryBuilder() {
		this.contextRunner.withUserConfiguration(UserClientHttpRequestFactoryBuilderConfiguration.class)
			.run((context) -> {
				assertThat(context).doesNotHaveBean(KeepAliveClientHttpRequestFactoryBuilder.class)
					.hasSingleBean(ClientHttpRequestFactoryBuilder.class)
					.hasSingleBean(KeepAliveClients.class);
				assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
					.isSameAs(context.getBean("userClientHttpRequestFactoryBuilder"));
			});
	}

	@Test
	void baseUrlUserInfoIsSentAsBasicCredentialsToThatHostOnlyAndNeverShown() throws Exception {
		String password = "ti@ger-secret";
		String baseUrl = "http://scott:" + password.replace("@", "%40") + "@127.0.0.1:" + this.server.getPort()
				+ "/api";
		try (LoopbackHttpServer other = LoopbackHttpServer.start()) {
			this.contextRunner.withPropertyValues("keepalive.base-url=" + baseUrl).run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				assertThat(restClient.get().uri("/orders").retrieve().body(String.class)).isEqualTo("ok");
				LoopbackHttpServer.RecordedRequest request = this.server.lastRequest();
				assertThat(request.target()).isEqualTo("/api/orders");
				assertThat(request.header("Authorization")).isEqualTo("Basic " + Base64.getEncoder()
					.encodeToString(("scott:" + password).getBytes(StandardCharsets.UTF_8)));
				restClient.get().uri(other.baseUrl() + "/elsewhere").retrieve().toBodilessEntity();
				assertThat(other.lastRequest().header("Authorization")).as("another host").isNull();
				this.server.close();
				assertThatExceptionOfType(ResourceAccessException.class)
					.isThrownBy(() -> restClient.get().uri("/down").retrieve().toBodilessEntity())
					.satisfies((ex) -> assertThat(ex).hasMessageContaining("127.0.0.1")
						.hasMessageNotContaining("tiger")
						.hasMessageNotContaining("scott"));
			});
		}
	}

	@Test
	void appliesRequestFactoryBuilderCustomizersTypedForAnyBuilder() {
		this.contextRunner.withUserConfiguration(AnyBuilderCustomizerConfiguration.class).run((context) -> {
			RestClient restClient = context.getBean(RestClient.Builder.class).build();
			for (int i = 0; i < 3; i++) {
				restClient.get().uri(this.server.url("/")).retrieve().toBodilessEntity();
			}
			assertThat(context.getBean(AtomicInteger.class)).hasPositiveValue();
			assertThat(this.server.requests()).isEqualTo(3);
			assertThat(this.server.acceptedConnections()).isOne();
		});
	}

	@Test
	void namesRequestFactoryBuilderCustomizersItCannotApply(CapturedOutput output) {
		this.contextRunner.withUserConfiguration(HttpComponentsBuilderCustomizerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ClientHttpRequestFactoryBuilder.class))
					.isInstanceOf(KeepAliveClientHttpRequestFactoryBuilder.class);
				context.getBean(RestClient.class).get().uri(this.server.url("/")).retrieve().toBodilessEntity();
				assertThat(this.server.requests()).isOne();
			});
		assertThat(output).contains("HttpComponentsBuilderCustomizerConfiguration")
			.contains("is not applied")
			.contains(KeepAliveHttpClientBuilderCustomizer.class.getName());
	}

	@Test
	void backsOffFromClientHttpRequestFactoryBuilderWhenAnotherFactoryIsChosen() {
		this.contextRunner.withPropertyValues("spring.http.clients.imperative.factory=jdk")
			.run((context) -> assertThat(context).doesNotHaveBean(KeepAliveClientHttpRequestFactoryBuilder.class)
				.hasSingleBean(ClientHttpRequestFactoryBuilder.class)
				.hasSingleBean(KeepAliveClients.class));
	}

	@Test
	void backsOffFromUserRestClient() {
		this.contextRunner.withUserConfiguration(UserRestClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(RestClient.class).hasSingleBean(KeepAliveClients.class);
			assertThat(context.getBean(RestClient.class)).isSameAs(context.getBean("userRestClient"));
		});
	}

	@Test
	void backsOffFromUserKeepAliveRestClientFactory() {
		this.contextRunner.withUserConfiguration(UserKeepAliveRestClientFactoryConfiguration.class)
			.withPropertyValues("keepalive.clients.github.base-url=https://api.github.com")
			.run((context) -> {
				assertThat(context).hasSingleBean(KeepAliveRestClientFactory.class);
				RecordingRestClientFactory factory = context.getBean(RecordingRestClientFactory.class);
				assertThat(context.getBean(KeepAliveRestClientFactory.class)).isSameAs(factory);
				context.getBean("githubRestClient");
				assertThat(factory.created).containsExactlyInAnyOrder("default", "github");
			});
	}

	@Test
	void primaryRestClientExistsWithoutBaseUrl() {
		this.contextRunner.withPropertyValues("keepalive.clients.github.base-url=https://api.github.com")
			.run((context) -> {
				assertThat(context.getBeanNamesForType(RestClient.class)).containsExactlyInAnyOrder("restClient",
						"githubRestClient");
				RestClient restClient = context.getBean(RestClient.class);
				assertThat(restClient).isSameAs(context.getBean("restClient"));
				assertThat(restClient.get().uri(this.server.url("/absolute")).retrieve().body(String.class))
					.isEqualTo("ok");
				assertThat(this.server.lastRequest().target()).isEqualTo("/absolute");
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				assertThat(clients.get("default").pool().totalStats().available()).isOne();
				assertThat(clients.get("github").pool().totalStats().available()).isZero();
			});
	}

	// ------------------------------------------------------------------ named clients

	@Test
	void namedClientsAreInjectableByQualifier() {
		this.contextRunner.withUserConfiguration(QualifiedInjectionConfiguration.class)
			.withPropertyValues("keepalive.clients.github.base-url=" + this.server.url("/github"),
					"keepalive.clients.stripe.base-url=" + this.server.url("/stripe"))
			.run((context) -> {
				Consumers consumers = context.getBean(Consumers.class);
				assertThat(consumers.primary()).isSameAs(context.getBean("restClient"));
				assertThat(consumers.qualifiedDefault()).isSameAs(context.getBean("restClient"));
				assertThat(consumers.github()).isSameAs(context.getBean("githubRestClient"));
				assertThat(consumers.stripe()).isSameAs(context.getBean("stripeRestClient"));
				consumers.github().get().uri("/repos").retrieve().toBodilessEntity();
				assertThat(this.server.lastRequest().target()).isEqualTo("/github/repos");
				consumers.stripe().get().uri("/charges").retrieve().toBodilessEntity();
				assertThat(this.server.lastRequest().target()).isEqualTo("/stripe/charges");
			});
	}

	@Test
	void userBeanNamedLikeANamedClientWins() {
		this.contextRunner.withUserConfiguration(UserGithubRestClientConfiguration.class)
			.withPropertyValues("keepalive.clients.github.base-url=https://api.github.com")
			.run((context) -> assertThat(context.getBean("githubRestClient"))
				.isSameAs(UserGithubRestClientConfiguration.GITHUB));
	}

	// ------------------------------------------------------------------ helpers

	private ApplicationContextRunner withProperties(String... pairs) {
		return KeepAliveTestSupport.withProperties(this.contextRunner, pairs);
	}

	private static ConnectionConfig connectionConfig(KeepAliveHttpClient client, String uri) {
		return HttpClientInternals.connectionConfig(client, uri);
	}

	// ------------------------------------------------------------------ configurations

	@Configuration(proxyBeanMethods = false)
	static class UserKeepAliveClientsConfiguration {

		@Bean(destroyMethod = "close")
		KeepAliveClients userKeepAliveClients() {
			return new KeepAliveClients(new KeepAliveHttpClientFactory(),
					List.of(KeepAliveClientSettings.defaults(KeepAliveClientSettings.DEFAULT_CLIENT_NAME)));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserKeepAliveHttpClientFactoryConfiguration {

		@Bean
		KeepAliveHttpClientFactory userKeepAliveHttpClientFactory() {
			return new KeepAliveHttpClientFactory()
				.withCustomizers(List.of((settings, builder) -> builder.setUserAgent("user-factory")));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AnyBuilderCustomizerConfiguration {

		@Bean
		AtomicInteger builtRequestFactories() {
			return new AtomicInteger();
		}

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<ClientHttpRequestFactoryBuilder<?>> countingCustomizer(
				AtomicInteger builtRequestFactories) {
			return (builder) -> (settings) -> {
				builtRequestFactories.incrementAndGet();
				return builder.build(settings);
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class HttpComponentsBuilderCustomizerConfiguration {

		@Bean
		ClientHttpRequestFactoryBuilderCustomizer<HttpComponentsClientHttpRequestFactoryBuilder> httpComponentsCustomizer() {
			return (builder) -> builder.withDefaultRequestConfigCustomizer((config) -> config.setMaxRedirects(3));
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserClientHttpRequestFactoryBuilderConfiguration {

		@Bean
		ClientHttpRequestFactoryBuilder<?> userClientHttpRequestFactoryBuilder() {
			return ClientHttpRequestFactoryBuilder.jdk();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserRestClientConfiguration {

		@Bean
		RestClient userRestClient() {
			return RestClient.create();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserGithubRestClientConfiguration {

		static final RestClient GITHUB = RestClient.create();

		@Bean
		RestClient githubRestClient() {
			return GITHUB;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserKeepAliveRestClientFactoryConfiguration {

		@Bean
		RecordingRestClientFactory userKeepAliveRestClientFactory(KeepAliveClients clients,
				ObjectProvider<RestClient.Builder> builders) {
			return new RecordingRestClientFactory(clients, builders);
		}

	}

	static class RecordingRestClientFactory extends KeepAliveRestClientFactory {

		final List<String> created = new ArrayList<>();

		RecordingRestClientFactory(KeepAliveClients clients, ObjectProvider<RestClient.Builder> builders) {
			super(clients, builders);
		}

		@Override
		public RestClient create(String clientName) {
			this.created.add(clientName);
			return super.create(clientName);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class QualifiedInjectionConfiguration {

		@Bean
		Consumers consumers(RestClient primary, @Qualifier("default") RestClient qualifiedDefault,
				@Qualifier("github") RestClient github, @Qualifier("stripe") RestClient stripe) {
			return new Consumers(primary, qualifiedDefault, github, stripe);
		}

	}

	record Consumers(RestClient primary, RestClient qualifiedDefault, RestClient github, RestClient stripe) {

	}

}
