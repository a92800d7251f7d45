package io.github.keepalive.autoconfigure;

import java.util.Map;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
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
		// the named clients are bound first, by the same rule
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.clients.github.read-timout")
			.contains("Origin: class path resource [keepalive-typo.yml] - 7:20")
			.contains("Reason: The elements [keepalive.clients.github.read-timout] were left unbound.")
			.contains("keepalive.clients.github.read-timout: did you mean keepalive.clients.github.read-timeout?")
			.contains("Update your application's configuration.");
	}

	@Test
	void misspelledPropertyOfTheDefaultClientInApplicationYaml(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(NoInjection.class,
				"--spring.config.location=classpath:keepalive-default-typo.yml"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.pool.max-per-rout")
			.contains("Origin: class path resource [keepalive-default-typo.yml] - 3:19")
			.contains("keepalive.pool.max-per-rout: did you mean keepalive.pool.max-per-route?");
	}

	@Test
	void misspelledCommandLineArgument(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(NoInjection.class, "--keepalive.pool.max-totl=5"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.pool.max-totl")
			.contains("Origin: \"keepalive.pool.max-totl\" from property source \"commandLineArgs\"")
			.contains("keepalive.pool.max-totl: did you mean keepalive.pool.max-total?");
	}

	@Test
	void misspelledCommandLineArgumentOfANamedClient(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(NoInjection.class, "--keepalive.clients.github.pool.max-totl=5"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.clients.github.pool.max-totl")
			.contains("keepalive.clients.github.pool.max-totl: did you mean keepalive.clients.github.pool.max-total?");
	}

	@Test
	void misspelledSecretIsNeverShown(CapturedOutput output) {
		assertThatException().isThrownBy(() -> run(NoInjection.class, "--keepalive.proxy.pasword=s3cret"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("keepalive.proxy.pasword: did you mean keepalive.proxy.password?")
			.doesNotContain("s3cret");
	}

	@Test
	void unknownEnvironmentVariableAndSystemPropertyDoNotStopStartUp() {
		StandardEnvironment environment = new StandardEnvironment();
		MutablePropertySources sources = environment.getPropertySources();
		// named as SpringApplication names the JVM's own
		sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
				new SystemEnvironmentPropertySource(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("KEEPALIVE_TIMEOUT", "5", "KEEPALIVE_CLIENTS_GITHUB_POOL_MAXTOTL", "5")));
		sources.replace(StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, new MapPropertySource(
				StandardEnvironment.SYSTEM_PROPERTIES_PROPERTY_SOURCE_NAME, Map.of("keepalive.bogus", "1")));
		try (ConfigurableApplicationContext context = KeepAliveTestSupport.runApplication(environment,
				NoInjection.class, "--keepalive.clients.github.base-url=http://127.0.0.1:1")) {
			assertThat(context.getBean(KeepAliveClients.class).getAll()).extracting(KeepAliveHttpClient::getName)
				.containsExactlyInAnyOrder("default", "github");
		}
	}

	@Test
	void dottedClientKey(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run(NoInjection.class, "--keepalive.clients.my.client.base-url=https://api.example.com"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.clients.my.client.base-url")
			.contains("'my.client' is not a valid client name (a '.' in a YAML key nests the keys after it)")
			.contains("rename the client, e.g. keepalive.clients.my-client.base-url");
	}

	@Test
	void invalidClientKey(CapturedOutput output) {
		assertThatException()
			.isThrownBy(() -> run(NoInjection.class, "--keepalive.clients.[pay$].base-url=https://api.example.com"));
		assertThat(output).contains("APPLICATION FAILED TO START")
			.contains("Property: keepalive.clients.pay$")
			.contains("Reason: a client name must start with a letter")
			.contains("Rename the client");
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
