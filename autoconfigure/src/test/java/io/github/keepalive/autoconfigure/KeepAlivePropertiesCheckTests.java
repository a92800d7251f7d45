package io.github.keepalive.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.keepalive.autoconfigure.UnknownKeepAlivePropertyException.UnknownProperty;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeepAlivePropertiesCheck}: unknown {@code keepalive.*} properties,
 * invalid client names and an unknown saturated health status stop start-up, naming the
 * property and the closest known one; every valid form of a known property starts.
 */
class KeepAlivePropertiesCheckTests {

	private final ApplicationContextRunner runner = KeepAliveTestSupport.contextRunner();

	// ------------------------------------------------------------------ unknown properties

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			keepalive.pool.max-per-rout=5                       | keepalive.pool.max-per-route
			keepalive.pool.maxPerRout=5                         | keepalive.pool.max-per-route
			keepalive.pol.max-total=5                           | keepalive.pool.max-total
			keepalive.read-timout=2s                            | keepalive.read-timeout
			keepalive.keep-alive.idle-timout=10s                | keepalive.keep-alive.idle-timeout
			keepalive.health.saturated-statsu=DOWN              | keepalive.health.saturated-status
			keepalive.metrics.per-route.enabeld=true            | keepalive.metrics.per-route.enabled
			keepalive.proxy.pasword=s3cret                      | keepalive.proxy.password
			keepalive.clients.github.pool.max-per-rout=5        | keepalive.clients.github.pool.max-per-route
			keepalive.clients.github.base-ulr=https://x.example | keepalive.clients.github.base-url
			keepalive.client.github.base-url=https://x.example  | keepalive.clients.github.base-url
			keepalive.pool.max-per-hots.[api.example.com]=5     | keepalive.pool.max-per-host[api.example.com]
			keepalive.default-header.X-Team=checkout            | keepalive.default-headers.X-Team
			""")
	void misspelledPropertyFailsNamingItAndTheClosestKnownProperty(String pair, String suggestion) {
		String property = pair.substring(0, pair.indexOf('='));
		withProperties(pair).run((context) -> {
			UnknownKeepAlivePropertyException failure = unknownProperty(context);
			assertThat(failure.getProperties()).singleElement().satisfies((unknown) -> {
				assertThat(unknown.name()).isEqualTo(property);
				assertThat(unknown.suggestion()).isEqualTo(suggestion);
				assertThat(unknown.origin()).asString()
					.startsWith("\"" + property + "\" from property source \"test-");
			});
			assertThat(failure).hasMessage("Unknown keep-alive property '" + property + "' (did you mean '"
					+ suggestion + "'?)");
			// a misspelled secret stays secret
			assertThat(failure.getMessage()).doesNotContain("s3cret");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "keepalive.unheard-of=1", "keepalive.pool.size=5", "keepalive.clients.github.timeout=1s",
			"keepalive.health.saturated-status.extra=1", "keepalive.pool.max-total.value=5" })
	void unknownPropertyFarFromAnyKnownOneFailsWithoutSuggestion(String pair) {
		String property = pair.substring(0, pair.indexOf('='));
		withProperties(pair).run((context) -> {
			UnknownKeepAlivePropertyException failure = unknownProperty(context);
			assertThat(failure.getProperties()).singleElement().satisfies((unknown) -> {
				assertThat(unknown.name()).isEqualTo(property);
				assertThat(unknown.suggestion()).isNull();
			});
			assertThat(failure).hasMessage("Unknown keep-alive property '" + property + "'");
		});
	}

	@Test
	void everyUnknownPropertyIsReportedOnce() {
		this.runner.withPropertyValues("keepalive.pool.max-per-rout=5", "keepalive.read-timout=2s")
			.withSystemProperties("keepalive.pool.max-per-rout=6")
			.run((context) -> assertThat(unknownProperty(context).getProperties()).extracting(UnknownProperty::name)
				.containsExactlyInAnyOrder("keepalive.pool.max-per-rout", "keepalive.read-timout"));
	}

	@Test
	void misspelledEnvironmentVariableFailsNamingTheVariableAndTheClosestKnownOne() {
		withEnvironment("KEEPALIVE_POOL_MAXPERROUT", "5").run((context) -> {
			UnknownKeepAlivePropertyException failure = unknownProperty(context);
			assertThat(failure.getProperties()).singleElement().satisfies((unknown) -> {
				assertThat(unknown.name()).isEqualTo("KEEPALIVE_POOL_MAXPERROUT");
				assertThat(unknown.suggestion()).isEqualTo("KEEPALIVE_POOL_MAXPERROUTE");
			});
		});
	}

	@Test
	void misspelledEnvironmentVariableOfNamedClientIsComparedWithinThatClient() {
		withEnvironment("KEEPALIVE_CLIENTS_GITHUB_POOL_MAXPERROUT", "5")
			.run((context) -> assertThat(unknownProperty(context).getProperties()).singleElement()
				.extracting(UnknownProperty::suggestion)
				.isEqualTo("KEEPALIVE_CLIENTS_GITHUB_POOL_MAXPERROUTE"));
	}

	@ParameterizedTest
	@ValueSource(strings = { "KEEPALIVE_POOL_MAXPERROUTE", "KEEPALIVE_POOL_MAX_PER_ROUTE",
			"KEEPALIVE_CLIENTS_GITHUB_POOL_MAXPERROUTE", "KEEPALIVE_CLIENTS_GITHUB_POOL_MAX_PER_ROUTE" })
	void environmentVariablesInEveryFormBootBindsStart(String variable) {
		withEnvironment(variable, "7").run((context) -> {
			assertThat(context).hasNotFailed();
			KeepAliveClients clients = context.getBean(KeepAliveClients.class);
			String client = variable.contains("GITHUB") ? "github" : "default";
			assertThat(clients.get(client).getSettings().pool().maxPerRoute()).isEqualTo(7);
		});
	}

	@Test
	void environmentVariableOfClientWithDashedNameStarts() {
		// Boot binds the legacy form to the client that another source names per-request
		withEnvironment("KEEPALIVE_CLIENTS_PER_REQUEST_POOL_MAX_PER_ROUTE", "3")
			.withPropertyValues("keepalive.clients.per-request.base-url=http://127.0.0.1:1")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				KeepAliveClients clients = context.getBean(KeepAliveClients.class);
				assertThat(clients.get("per-request").getSettings().pool().maxPerRoute()).isEqualTo(3);
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "KEEPALIVE_SERVICE_HOST", "KEEPALIVE_SERVICE_PORT", "KEEPALIVE_SERVICE_PORT_HTTP",
			"KEEPALIVE_PORT", "KEEPALIVE_PORT_8080_TCP", "KEEPALIVE_PORT_8080_TCP_ADDR",
			"KEEPALIVE_API_SERVICE_HOST" })
	void variablesKubernetesSetsForAServiceNamedKeepAliveStart(String variable) {
		withEnvironment(variable, "10.0.0.1").run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void everyKnownPropertyInEveryRelaxedFormStarts() {
		withProperties("keepalive.enabled=true", "keepalive.base-url=http://127.0.0.1:1",
				"keepalive.default-headers.X-Team=checkout", "keepalive.default-headers.Accept[0]=text/plain",
				"keepalive.connect-timeout=2s", "keepalive.readTimeout=20s", "keepalive.pool.max_total=40",
				"keepalive.pool.maxPerRoute=20", "keepalive.pool.max-per-host.[api.example.com:8443]=10",
				"keepalive.pool.max-per-host.other.example.com=5", "keepalive.pool.lease-timeout=2s",
				"keepalive.pool.concurrency-policy=lax", "keepalive.pool.reuse-policy=FIFO",
				"keepalive.keep-alive.enabled=true", "keepalive.keep-alive.idle-timeout=20s",
				"keepalive.keepAlive.timeToLive=2m", "keepalive.keep-alive.validate-after-inactivity=2s",
				"keepalive.retry.max-retries=2", "keepalive.proxy.non-proxy-hosts[0]=localhost",
				"keepalive.health.saturation-period=10s", "keepalive.health.saturated-status=OUT_OF_SERVICE",
				"keepalive.metrics.per-route.enabled=true", "keepalive.metrics.per-route.max-routes=5",
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
		this.runner.withPropertyValues("keepalive.enabled=false", "keepalive.pool.max-per-rout=5")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(KeepAlivePropertiesCheck.class));
	}

	// ------------------------------------------------------------------ client names

	@Test
	void dottedYamlClientKeyFailsNamingTheKey() {
		withYaml("""
				keepalive:
				  clients:
				    my.client:
				      base-url: https://api.example.com
				""").run((context) -> {
			InvalidKeepAlivePropertyException failure = invalidProperty(context);
			assertThat(failure.getProperty()).isEqualTo("keepalive.clients.my.client");
			assertThat(failure.getValue()).isEqualTo("my.client");
			assertThat(failure.getReason()).contains("client name")
				.contains("a '.' in a YAML key nests the keys after it")
				.contains("keepalive.clients.my.client.base-url configures no client");
			assertThat(failure.getAction())
				.isEqualTo("Rename the client, e.g. keepalive.clients.my-client.base-url=...");
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', textBlock = """
			keepalive.clients.[my.client].base-url=https://x.example  | keepalive.clients.my.client
			keepalive.clients.[my client].base-url=https://x.example  | keepalive.clients.my client
			keepalive.clients.[9lives].base-url=https://x.example     | keepalive.clients.9lives
			keepalive.clients.[pay$].pool.max-total=3                 | keepalive.clients.pay$
			keepalive.clients.my.client.pool.max-per-route=3          | keepalive.clients.my.client
			keepalive.clients.default.base-url=https://x.example      | keepalive.clients.default
			""")
	void invalidClientKeyFailsNamingTheKey(String pair, String property) {
		withProperties(pair).run((context) -> {
			InvalidKeepAlivePropertyException failure = invalidProperty(context);
			assertThat(failure.getProperty()).isEqualTo(property);
			assertThat(failure).hasMessageContaining("'" + property + "'").hasMessageContaining("client name");
		});
	}

	@Test
	void misspelledPropertyOfNamedClientIsNotMistakenForDottedKey() {
		withProperties("keepalive.clients.github.pool.max-per-rout=5")
			.run((context) -> assertThat(unknownProperty(context).getProperties()).singleElement()
				.extracting(UnknownProperty::suggestion)
				.isEqualTo("keepalive.clients.github.pool.max-per-route"));
	}

	// ------------------------------------------------------------------ saturated status

	@Test
	void misspelledSaturatedStatusFailsNamingTheKnownStatusesAndTheClosest() {
		withProperties("keepalive.health.saturated-status=OUT_OF_SERVCE").run((context) -> {
			InvalidKeepAlivePropertyException failure = invalidProperty(context);
			assertThat(failure.getProperty()).isEqualTo("keepalive.health.saturated-status");
			assertThat(failure.getValue()).isEqualTo("OUT_OF_SERVCE");
			assertThat(failure.getReason()).isEqualTo("not a known health status (UP, DOWN, OUT_OF_SERVICE, UNKNOWN)");
			assertThat(failure.getAction()).startsWith("Did you mean OUT_OF_SERVICE? ")
				.contains("management.endpoint.health.status.order");
		});
	}

	@Test
	void unknownSaturatedStatusFarFromAnyKnownOneFailsWithoutSuggestion() {
		withProperties("keepalive.health.saturated-status=BUSY").run((context) -> {
			InvalidKeepAlivePropertyException failure = invalidProperty(context);
			assertThat(failure.getProperty()).isEqualTo("keepalive.health.saturated-status");
			assertThat(failure.getAction()).startsWith("Set keepalive.health.saturated-status to one of");
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN", "out-of-service", "down" })
	void builtInSaturatedStatusStarts(String status) {
		withProperties("keepalive.health.saturated-status=" + status)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void customSaturatedStatusListedInTheStatusOrderStarts() {
		withProperties("keepalive.health.saturated-status=BUSY",
				"management.endpoint.health.status.order=DOWN,OUT_OF_SERVICE,BUSY,UP,UNKNOWN")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void customStatusesAreSuggestedToo() {
		withProperties("keepalive.health.saturated-status=BUZY", "management.endpoint.health.status.order=BUSY,UP")
			.run((context) -> assertThat(invalidProperty(context).getAction()).startsWith("Did you mean BUSY? ")
				.contains("UP, DOWN, OUT_OF_SERVICE, UNKNOWN, BUSY"));
	}

	// ------------------------------------------------------------------ helpers

	private ApplicationContextRunner withProperties(String... pairs) {
		return KeepAliveTestSupport.withProperties(this.runner, pairs);
	}

	private ApplicationContextRunner withEnvironment(String name, String value) {
		Map<String, Object> variables = new LinkedHashMap<>();
		variables.put(name, value);
		// Boot maps the names of a source called "systemEnvironment" (or "...-systemEnvironment") as variables
		return this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new SystemEnvironmentPropertySource("test-systemEnvironment", variables)));
	}

	private ApplicationContextRunner withYaml(String yaml) {
		return this.runner.withInitializer((context) -> {
			try {
				new YamlPropertySourceLoader()
					.load("test.yml", new ByteArrayResource(yaml.getBytes(StandardCharsets.UTF_8)))
					.forEach(context.getEnvironment().getPropertySources()::addFirst);
			}
			catch (IOException ex) {
				throw new IllegalStateException(ex);
			}
		});
	}

	private static UnknownKeepAlivePropertyException unknownProperty(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		UnknownKeepAlivePropertyException failure = KeepAliveTestSupport.findCause(context.getStartupFailure(),
				UnknownKeepAlivePropertyException.class);
		assertThat(failure).as("UnknownKeepAlivePropertyException in %s", context.getStartupFailure()).isNotNull();
		return failure;
	}

	private static InvalidKeepAlivePropertyException invalidProperty(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		InvalidKeepAlivePropertyException failure = KeepAliveTestSupport.findCause(context.getStartupFailure(),
				InvalidKeepAlivePropertyException.class);
		assertThat(failure).as("InvalidKeepAlivePropertyException in %s", context.getStartupFailure()).isNotNull();
		return failure;
	}

}
