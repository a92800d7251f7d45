package io.github.keepalive.autoconfigure;

import java.util.function.Consumer;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Named clients through an AOT round trip, the way {@code spring-boot:process-aot} and
 * {@code -Dspring.aot.enabled=true} run them: the context is processed ahead of time, the
 * generated code compiled, and its initializer applied to a fresh context, which must have
 * every named client and builder, injectable by qualifier and working.
 */
@CompileWithForkedClassLoader
class NamedClientsAotTests {

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start().echoPath();

	@Test
	void namedClientsAndBuildersSurviveAotProcessing() {
		String[] properties = { "keepalive.clients.github.base-url=" + this.server.baseUrl(),
				"keepalive.clients.github.default-headers.X-Client=github" };
		processAheadOfTimeAndRun(properties, (context) -> {
			assertThat(context.containsBean("githubRestClient")).isTrue();
			assertThat(context.containsBean("githubRestClientBuilder")).isTrue();
			GitHubCaller caller = context.getBean(GitHubCaller.class);
			assertThat(caller.client).isSameAs(context.getBean("githubRestClient"));
			assertThat(caller.client.get().uri("/from-client").retrieve().body(String.class)).isEqualTo("/from-client");
			assertThat(caller.builder.build().get().uri("/from-builder").retrieve().body(String.class))
				.isEqualTo("/from-builder");
			// base URL and default headers of the named client, over its pool: one connection for both
			assertThat(this.server.recordedRequests()).extracting(LoopbackHttpServer.RecordedRequest::path)
				.containsExactly("/from-client", "/from-builder");
			assertThat(this.server.recordedRequests()).allMatch((request) -> "github".equals(request.header("X-Client")));
			assertThat(this.server.acceptedConnections()).isOne();
			assertThat(context.getBean(KeepAliveClients.class).get("github").pool().totalStats().available()).isOne();
			// still a prototype, and an unqualified builder is still Spring Boot's own
			assertThat(context.getBean("githubRestClientBuilder")).isNotSameAs(caller.builder);
			assertThat(caller.plainBuilder).isNotNull();
			assertThat(context.getBeanNamesForType(RestClient.Builder.class)).contains("restClientBuilder",
					"githubRestClientBuilder");
		});
	}

	private void processAheadOfTimeAndRun(String[] properties, Consumer<GenericApplicationContext> assertions) {
		AnnotationConfigApplicationContext context = new AnnotationConfigApplicationContext();
		TestPropertyValues.of(properties).applyTo(context);
		context.register(AotApplication.class);
		TestGenerationContext generationContext = new TestGenerationContext(AotApplication.class);
		ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(context, generationContext);
		generationContext.writeGeneratedContent();
		TestCompiler.forSystem().with(generationContext).compile((compiled) -> {
			try (GenericApplicationContext fresh = new GenericApplicationContext()) {
				TestPropertyValues.of(properties).applyTo(fresh);
				@SuppressWarnings("unchecked")
				ApplicationContextInitializer<GenericApplicationContext> initializer = compiled
					.getInstance(ApplicationContextInitializer.class, initializerName.toString());
				initializer.initialize(fresh);
				fresh.refresh();
				assertions.accept(fresh);
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KeepAliveAutoConfiguration.class, HttpClientAutoConfiguration.class,
			ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
			SslAutoConfiguration.class })
	@Import(GitHubCaller.class)
	static class AotApplication {

	}

	static class GitHubCaller {

		final RestClient client;

		final RestClient.Builder builder;

		final RestClient.Builder plainBuilder;

		GitHubCaller(@Qualifier("github") RestClient client, @Qualifier("github") RestClient.Builder builder,
				RestClient.Builder plainBuilder) {
			this.client = client;
			this.builder = builder;
			this.plainBuilder = plainBuilder;
		}

	}

}
