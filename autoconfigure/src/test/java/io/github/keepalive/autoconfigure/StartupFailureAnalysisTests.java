package io.github.keepalive.autoconfigure;

import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * What a user sees when the application fails to start because of the starter's
 * configuration: a failure analysis, never a bare stack trace.
 */
@ExtendWith(OutputCaptureExtension.class)
class StartupFailureAnalysisTests {

	@Test
	void misspelledPropertiesInApplicationYaml(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run(NoInjection.class, "--spring.config.location=classpath:keepalive-typo.yml"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("""
					The keep-alive starter does not know these properties:

					    Property: keepalive.pool.max-per-rout
					    Origin: class path resource [keepalive-typo.yml] - 3:19
					    Did you mean: keepalive.pool.max-per-route

					    Property: keepalive.clients.github.read-timout
					    Origin: class path resource [keepalive-typo.yml] - 7:20
					    Did you mean: keepalive.clients.github.read-timeout
					""")
			.contains("""
					Rename keepalive.pool.max-per-rout to keepalive.pool.max-per-route.
					Rename keepalive.clients.github.read-timout to keepalive.clients.github.read-timeout.
					The keepalive.* properties are listed in the configuration metadata (IDE completion) and in \
					the starter's README.""");
	}

	@Test
	void misspelledCommandLineArgument(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(NoInjection.class, "--keepalive.pool.max-per-rout=5"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.pool.max-per-rout")
			.contains("Origin: \"keepalive.pool.max-per-rout\" from property source \"commandLineArgs\"")
			.contains("Did you mean: keepalive.pool.max-per-route");
	}

	@Test
	void dottedClientKey(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run(NoInjection.class, "--keepalive.clients.my.client.base-url=https://api.example.com"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.clients.my.client")
			.contains("Value: my.client")
			.contains("a '.' in a YAML key nests the keys after it")
			.contains("Rename the client, e.g. keepalive.clients.my-client.base-url=...");
	}

	@Test
	void misspelledSaturatedStatus(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run(NoInjection.class, "--keepalive.health.saturated-status=OUT_OF_SERVCE"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.health.saturated-status")
			.contains("Value: OUT_OF_SERVCE")
			.contains("Reason: not a known health status (UP, DOWN, OUT_OF_SERVICE, UNKNOWN)")
			.contains("Did you mean OUT_OF_SERVICE?");
	}

	@Test
	void restClientInjectedWhileTheStarterIsSwitchedOff(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(InjectsRestClient.class, "--keepalive.enabled=false"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Field restClient in " + InjectsRestClient.class.getName()
					+ " required a bean of type 'org.springframework.web.client.RestClient' that could not be found.")
			.contains("The keep-alive starter is switched off, so it defines no RestClient beans:")
			.contains("Property: keepalive.enabled")
			.contains("Origin: \"keepalive.enabled\" from property source \"commandLineArgs\"")
			.contains("Remove keepalive.enabled=false (it defaults to true), or set it to true");
	}

	@Test
	void namedRestClientInjectedWhileTheStarterIsSwitchedOff(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(InjectsGithubRestClient.class, "--keepalive.enabled=false",
				"--keepalive.clients.github.base-url=https://api.github.com"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("required a bean of type 'org.springframework.web.client.RestClient' qualified 'github'")
			.contains("The keep-alive starter is switched off");
	}

	@Test
	void clientsRestClientBuilderInjectedWhileTheStarterIsSwitchedOff(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(InjectsGithubRestClientBuilder.class, "--keepalive.enabled=false",
				"--keepalive.clients.github.base-url=https://api.github.com"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("required a bean of type 'org.springframework.web.client.RestClient$Builder' qualified 'github'")
			.contains("The keep-alive starter is switched off");
	}

	@Test
	void misspelledQualifier(CapturedOutput output) {
		// Spring Boot's NoSuchBeanDefinitionFailureAnalyzer fails on this one (creating the
		// RestClient beans of the failed context) and a bare stack trace was all there was
		assertThatException().isThrownBy(() -> run(InjectsGihubRestClient.class,
				"--keepalive.clients.github.base-url=https://api.github.com"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Field github in " + InjectsGihubRestClient.class.getName()
					+ " required a bean of type 'org.springframework.web.client.RestClient' qualified 'gihub' that"
					+ " could not be found.")
			.contains("There is no keep-alive client named 'gihub'. The keep-alive clients are: default, github.")
			.contains("Did you mean @Qualifier(\"github\")? Correct the qualifier, or configure a client named"
					+ " 'gihub' under keepalive.clients.gihub.*");
	}

	private static void run(Class<?> configuration, String... args) {
		KeepAliveTestSupport.runApplication(configuration, args);
	}

	@Configuration(proxyBeanMethods = false)
	static class NoInjection extends KeepAliveTestSupport.AutoConfiguredApplication {

	}

	@Configuration(proxyBeanMethods = false)
	static class InjectsRestClient extends NoInjection {

		@Autowired
		RestClient restClient;

	}

	@Configuration(proxyBeanMethods = false)
	static class InjectsGithubRestClient extends NoInjection {

		@Autowired
		@Qualifier("github")
		RestClient github;

	}

	@Configuration(proxyBeanMethods = false)
	static class InjectsGithubRestClientBuilder extends NoInjection {

		@Autowired
		@Qualifier("github")
		RestClient.Builder github;

	}

	@Configuration(proxyBeanMethods = false)
	static class InjectsGihubRestClient extends NoInjection {

		@Autowired
		@Qualifier("gihub")
		RestClient github;

	}

}
