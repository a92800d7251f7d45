package io.github.keepalive.autoconfigure;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.restclient.RestClientCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code <name>RestClientBuilder} bean of a named client: a new builder on every
 * injection by {@code @Qualifier("<name>")}, on that client's pool with its base URL and
 * default headers, while an unqualified {@code RestClient.Builder} (or {@code RestClient})
 * stays what it was.
 */
class NamedRestClientBuildersTests {

	@RegisterExtension
	private final LoopbackHttpServer github = LoopbackHttpServer.start().echoPath();

	@RegisterExtension
	private final LoopbackHttpServer other = LoopbackHttpServer.start().echoPath();

	private ApplicationContextRunner runner() {
		return KeepAliveTestSupport.contextRunner()
			.withPropertyValues("keepalive.clients.github.base-url=" + this.github.baseUrl(),
					"keepalive.clients.github.default-headers.X-Client=github");
	}

	@Test
	void qualifiedBuilderIsANewBuilderOnTheNamedClientsPool() {
		runner().withUserConfiguration(BuilderCallers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			BuilderCallers callers = context.getBean(BuilderCallers.class);
			assertThat(callers.first).isNotSameAs(callers.second);
			assertThat(context.getBean("githubRestClientBuilder")).isNotSameAs(callers.first)
				.isNotSameAs(callers.second);
			// one builder's customizations stay its own
			RestClient first = callers.first.defaultHeader("X-Builder", "first").build();
			RestClient second = callers.second.build();
			for (int i = 0; i < 3; i++) {
				assertThat(first.get().uri("/first").retrieve().body(String.class)).isEqualTo("/first");
				assertThat(second.get().uri("/second").retrieve().body(String.class)).isEqualTo("/second");
			}
			assertThat(this.github.recordedRequests()).hasSize(6).allSatisfy((request) -> {
				assertThat(request.header("X-Client")).isEqualTo("github");
				assertThat(request.header("X-Builder")).isEqualTo(request.path().equals("/first") ? "first" : null);
			});
			// both builders share the github client's pool: one connection, and the default pool is unused
			assertThat(this.github.acceptedConnections()).isOne();
			KeepAliveClients clients = context.getBean(KeepAliveClients.class);
			assertThat(clients.get("github").pool().leases().leases()).isEqualTo(6);
			assertThat(clients.get("github").pool().totalStats().available()).isOne();
			assertThat(clients.get("default").pool().leases().leases()).isZero();
			assertThat(clients.get("default").pool().totalStats().available()).isZero();
		});
	}

	@Test
	void unqualifiedBuilderIsStillSpringBootsOwnOnTheDefaultPool() {
		runner().withUserConfiguration(BuilderCallers.class).run((context) -> {
			assertThat(context).hasNotFailed();
			RestClient.Builder plain = context.getBean(BuilderCallers.class).plain;
			assertThat(context.getBeanNamesForType(RestClient.Builder.class))
				.containsExactlyInAnyOrder("restClientBuilder", "githubRestClientBuilder");
			// no base URL: a relative URI would fail, an absolute one goes to the other server
			assertThat(plain.build().get().uri(this.other.url("/plain")).retrieve().body(String.class))
				.isEqualTo("/plain");
			assertThat(this.other.recordedRequests()).singleElement()
				.satisfies((request) -> assertThat(request.header("X-Client")).isNull());
			KeepAliveClients clients = context.getBean(KeepAliveClients.class);
			assertThat(clients.get("default").pool().leases().leases()).isOne();
			assertThat(clients.get("github").pool().leases().leases()).isZero();
			assertThat(this.github.acceptedConnections()).isZero();
		});
	}

	@Test
	void unqualifiedRestClientIsTheApplicationsOwnBesideNamedClients() {
		// the default client backs off; the named ones must not make a plain injection ambiguous
		runner().withUserConfiguration(UserRestClientConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(RestClientCaller.class).plain).isSameAs(context.getBean("userRestClient"));
			assertThat(context.getBean(RestClientCaller.class).github).isSameAs(context.getBean("githubRestClient"));
		});
	}

	@Test
	void applicationsBeanOfThatNameWins() {
		runner().withUserConfiguration(UserBuilderConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			RestClient.Builder builder = context.getBean("githubRestClientBuilder", RestClient.Builder.class);
			assertThat(builder).isSameAs(context.getBean(UserBuilderConfiguration.class).builder);
			builder.build().get().uri(this.other.url("/own")).retrieve().toBodilessEntity();
			assertThat(this.other.recordedRequests()).singleElement()
				.satisfies((request) -> assertThat(request.header("X-Client")).isNull());
			assertThat(context.getBean(KeepAliveClients.class).get("github").pool().leases().leases()).isZero();
		});
	}

	@Test
	void applicationsRestClientCustomizersApplyToEveryStartersClient() {
		runner().withPropertyValues("keepalive.base-url=" + this.other.baseUrl())
			.withUserConfiguration(CustomizerConfiguration.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				RestClient primary = context.getBean(RestClient.class);
				RestClient github = context.getBean("githubRestClient", RestClient.class);
				RestClient fromBuilder = context.getBean("githubRestClientBuilder", RestClient.Builder.class).build();
				assertThat(primary.get().uri("/primary").retrieve().body(String.class)).isEqualTo("/primary");
				assertThat(github.get().uri("/named").retrieve().body(String.class)).isEqualTo("/named");
				assertThat(fromBuilder.get().uri("/builder").retrieve().body(String.class)).isEqualTo("/builder");
				assertThat(this.other.recordedRequests()).singleElement()
					.satisfies((request) -> assertThat(request.header("X-Customized")).isEqualTo("yes"));
				assertThat(this.github.recordedRequests()).hasSize(2)
					.allSatisfy((request) -> assertThat(request.header("X-Customized")).isEqualTo("yes"));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizerConfiguration {

		@Bean
		RestClientCustomizer customizedHeader() {
			return (builder) -> builder.defaultHeader("X-Customized", "yes");
		}

	}

	static class BuilderCallers {

		final RestClient.Builder first;

		final RestClient.Builder second;

		final RestClient.Builder plain;

		BuilderCallers(@Qualifier("github") RestClient.Builder first, @Qualifier("github") RestClient.Builder second,
				RestClient.Builder plain) {
			this.first = first;
			this.second = second;
			this.plain = plain;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import(RestClientCaller.class)
	static class UserRestClientConfiguration {

		@Bean
		RestClient userRestClient() {
			return RestClient.create();
		}

	}

	static class RestClientCaller {

		final RestClient plain;

		final RestClient github;

		RestClientCaller(RestClient plain, @Qualifier("github") RestClient github) {
			this.plain = plain;
			this.github = github;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserBuilderConfiguration {

		final RestClient.Builder builder = RestClient.builder();

		@Bean
		RestClient.Builder githubRestClientBuilder() {
			return this.builder;
		}

	}

}
