package io.github.keepalive.autoconfigure.diagnostics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link UnboundKeepAlivePropertyFailureAnalyzer}, and for the rule it reports
 * on (Spring Boot's binder with {@code ignoreUnknownFields = false}, for
 * {@code KeepAliveProperties} and the named clients alike): a {@code keepalive.*} name
 * that binds to nothing stops start-up when the application's own configuration sets
 * it, naming it and the closest known property, and never when it comes from the OS
 * environment or the JVM's system properties.
 */
class UnboundKeepAlivePropertyFailureAnalyzerTests {

	private final ApplicationContextRunner runner = KeepAliveTestSupport.contextRunner();

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			keepalive.pool.max-totl=5                           | keepalive.pool.max-totl              | keepalive.pool.max-total
			keepalive.clients.github.pool.max-totl=5            | keepalive.clients.github.pool.max-totl | keepalive.clients.github.pool.max-total
			keepalive.pool.max-per-rout=5                       | keepalive.pool.max-per-rout          | keepalive.pool.max-per-route
			keepalive.pool.maxPerRout=5                         | keepalive.pool.maxPerRout            | keepalive.pool.max-per-route
			keepalive.pol.max-total=5                           | keepalive.pol.max-total              | keepalive.pool.max-total
			keepalive.read-timout=2s                            | keepalive.read-timout                | keepalive.read-timeout
			keepalive.keep-alive.idle-timout=10s                | keepalive.keep-alive.idle-timout     | keepalive.keep-alive.idle-timeout
			keepalive.health.saturated-statsu=DOWN              | keepalive.health.saturated-statsu    | keepalive.health.saturated-status
			keepalive.metrics.per-route.enabeld=true            | keepalive.metrics.per-route.enabeld  | keepalive.metrics.per-route.enabled
			keepalive.proxy.pasword=s3cret                      | keepalive.proxy.pasword              | keepalive.proxy.password
			keepalive.clients.github.base-ulr=https://x.example | keepalive.clients.github.base-ulr    | keepalive.clients.github.base-url
			keepalive.client.github.base-url=https://x.example  | keepalive.client.github.base-url     | keepalive.clients.github.base-url
			keepalive.pool.max-per-hots.[api.example.com]=5     | keepalive.pool.max-per-hots[api.example.com] | keepalive.pool.max-per-host[api.example.com]
			keepalive.default-header.X-Team=checkout            | keepalive.default-header.X-Team      | keepalive.default-headers.X-Team
			""")
	void misspelledPropertyFailsNamingItAndTheClosestKnownProperty(String pair, String property,
			String suggestion) {
		withProperties(pair).run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("Property: ")
				.contains("Origin: \"" + pair.substring(0, pair.indexOf('=')) + "\" from property source \"test-")
				.contains("were left unbound");
			assertThat(analysis.getAction()).startsWith(property + ": did you mean " + suggestion + "?\n");
			// a misspelled secret stays secret
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain("s3cret");
			assertThat(messages(context.getStartupFailure())).doesNotContain("s3cret");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "keepalive.unheard-of=1", "keepalive.pool.size=5", "keepalive.clients.github.timeout=1s",
			"keepalive.health.saturated-status.extra=1", "keepalive.pool.max-total.value=5" })
	void unknownPropertyFarFromAnyKnownOneFailsWithoutSuggestion(String pair) {
		String property = pair.substring(0, pair.indexOf('='));
		withProperties(pair).run((context) -> assertThat(analysis(context).getAction())
			.startsWith(property + ": correct or remove it.\n")
			.doesNotContain("did you mean"));
	}

	@Test
	void everyUnknownPropertyIsReported() {
		withProperties("keepalive.pool.max-per-rout=5", "keepalive.read-timout=2s").run((context) -> {
			String action = analysis(context).getAction();
			assertThat(action).contains("keepalive.pool.max-per-rout: did you mean keepalive.pool.max-per-route?")
				.contains("keepalive.read-timout: did you mean keepalive.read-timeout?");
		});
	}

	@Test
	void dottedYamlClientKeyFailsNamingTheKey() {
		withYaml("""
				keepalive:
				  clients:
				    my.client:
				      base-url: https://api.example.com
				""").run((context) -> {
			FailureAnalysis analysis = analysis(context);
			assertThat(analysis.getDescription()).contains("Property: keepalive.clients.my.client.base-url")
				.contains("Origin: class path resource [test.yml]");
			assertThat(analysis.getAction()).startsWith("keepalive.clients.my.client.base-url: 'my.client' is not a"
					+ " valid client name (a '.' in a YAML key nests the keys after it); rename the client, e.g."
					+ " keepalive.clients.my-client.base-url\n");
		});
	}

	@Test
	void dottedClientKeyOfANestedPropertyFailsNamingTheKey() {
		withProperties("keepalive.clients.my.client.pool.max-per-route=3")
			.run((context) -> assertThat(analysis(context).getAction())
				.contains("'my.client' is not a valid client name")
				.contains("e.g. keepalive.clients.my-client.pool.max-per-route"));
	}

	@Test
	void misspelledPropertyOfNamedClientIsNotMistakenForDottedKey() {
		withProperties("keepalive.clients.github.pool.max-per-rout=5").run((context) -> assertThat(
				analysis(context).getAction())
			.startsWith("keepalive.clients.github.pool.max-per-rout: did you mean"
					+ " keepalive.clients.github.pool.max-per-route?"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "KEEPALIVE_TIMEOUT", "KEEPALIVE_POOL_MAXPERROUT", "KEEPALIVE_CLIENTS_GITHUB_BOGUS",
			"KEEPALIVE_SERVICE_HOST", "KEEPALIVE_PORT_8080_TCP_ADDR" })
	void unknownEnvironmentVariableStarts(String variable) {
		withEnvironment(variable, "5").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(KeepAliveClients.class).getAll()).singleElement()
				.satisfies((client) -> assertThat(client.getName()).isEqualTo("default"));
		});
	}

	@Test
	void unknownSystemPropertyStarts() {
		this.runner.withSystemProperties("keepalive.bogus=1", "keepalive.clients.github.pool.max-totl=5")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void unknownNameFailsFromApplicationPropertiesThoughTheSameComesFromSystemProperties() {
		this.runner.withSystemProperties("keepalive.bogus=1")
			.withPropertyValues("keepalive.bogus=2")
			.run((context) -> assertThat(analysis(context).getAction()).startsWith("keepalive.bogus:"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "KEEPALIVE_POOL_MAXPERROUTE", "KEEPALIVE_POOL_MAX_PER_ROUTE",
			"KEEPALIVE_CLIENTS_GITHUB_POOL_MAXPERROUTE", "KEEPALIVE_CLIENTS_GITHUB_POOL_MAX_PER_ROUTE" })
	void environmentVariablesInEveryFormBootBindsAreBound(String variable) {
		withEnvironment(variable, "7").run((context) -> {
			assertThat(context).hasNotFailed();
			KeepAliveClients clients = context.getBean(KeepAliveClients.class);
			String client = variable.contains("GITHUB") ? "github" : "default";
			assertThat(clients.get(client).getSettings().pool().maxPerRoute()).isEqualTo(7);
		});
	}

	@Test
	void everyKnownPropertyInEveryRelaxedFormStarts() {
		withProperties("keepalive.enabled=true", "keepalive.base-url=http://127.0.0.1:1",
				"keepalive.default-headers.X-Team=checkout", "keepalive.default-headers.Accept[0]=text/plain",
				"keepalive.connect-timeout=2s", "keepalive.readTimeout=20s", "keepalive.pool.max_total=40",
				"keepalive.pool.maxPerRoute=20", "keepalive.pool.max-per-host.[api.example.com:8443]=10",
				"keepalive.pool.max-per-host.other.example.com=5", "keepalive.pool.lease-timeout=2s",
				"keepalive.pool.concurrency-policy=lax", "keepalive.pool.reuse-policy=FIFO",
				"keepalive.pool.leak-detection-threshold=1m", "keepalive.pool.adaptive.enabled=false",
				"keepalive.pool.adaptive.min-per-route=2", "keepalive.keep-alive.enabled=true",
				"keepalive.keep-alive.idle-timeout=20s", "keepalive.keepAlive.timeToLive=2m",
				"keepalive.keep-alive.validate-after-inactivity=2s", "keepalive.keep-alive.time-to-live-jitter=5s",
				"keepalive.retry.max-retries=2", "keepalive.proxy.non-proxy-hosts[0]=localhost",
				"keepalive.warm-up.connections=0", "keepalive.warm-up.timeout=1s",
				"keepalive.health.saturation-period=10s", "keepalive.health.saturated-status=OUT_OF_SERVICE",
				"keepalive.metrics.per-route.enabled=true", "keepalive.metrics.per-route.max-routes=5",
				"keepalive.shutdown.drain-timeout=1s", "keepalive.advice.window=1m",
				"keepalive.clients.github.base-url=https://api.github.com",
				"keepalive.clients.github.pool.max-per-route=10", "keepalive.clients.github.keepAlive.enabled=false",
				"keepalive.clients.github.default-headers.X-Github=yes",
				"keepalive.clients.github.pool.max-per-host.[api.github.com]=5",
				"keepalive.clients.my_search.proxy.non-proxy-hosts=*.internal,localhost")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void emptyYamlGroupsStart() {
		withYaml("""
				keepalive:
				  default-headers:
				  clients:
				    github:
				      default-headers:
				""").run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void notCheckedWhenDisabled() {
		withProperties("keepalive.enabled=false", "keepalive.pool.max-per-rout=5")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void otherUnboundPropertiesAreLeftToSpringBoot() {
		this.runner.withUserConfiguration(OtherPropertiesConfiguration.class)
			.withPropertyValues("other.bogus=1")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(KeepAliveTestSupport.findCause(context.getStartupFailure(),
						UnboundConfigurationPropertiesException.class))
					.isNotNull();
				assertThat(new UnboundKeepAlivePropertyFailureAnalyzer().analyze(context.getStartupFailure()))
					.isNull();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(OtherProperties.class)
	static class OtherPropertiesConfiguration {

	}

	@ConfigurationProperties(prefix = "other", ignoreUnknownFields = false)
	static class OtherProperties {

	}

	private ApplicationContextRunner withProperties(String... pairs) {
		return KeepAliveTestSupport.withProperties(this.runner, pairs);
	}

	private ApplicationContextRunner withEnvironment(String name, String value) {
		// Boot's rule leaves alone the source of this name, as SpringApplication and
		// StandardEnvironment call it
		return this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, Map.of(name, value))));
	}

	private ApplicationContextRunner withYaml(String yaml) {
		return this.runner.withInitializer((context) -> {
			try {
				new YamlPropertySourceLoader()
					.load("test.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)) {

						@Override
						public String getDescription() {
							return "class path resource [test.yml]";
						}

					})
					.forEach(context.getEnvironment().getPropertySources()::addFirst);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static FailureAnalysis analysis(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		FailureAnalysis analysis = new UnboundKeepAlivePropertyFailureAnalyzer().analyze(context.getStartupFailure());
		assertThat(analysis).as("analysis of %s", context.getStartupFailure()).isNotNull();
		return analysis;
	}

	private static String messages(Throwable failure) {
		StringBuilder messages = new StringBuilder();
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			messages.append(candidate.getMessage()).append('\n');
		}
		return messages.toString();
	}

}
