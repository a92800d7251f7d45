package io.github.keepalive.autoconfigure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.client.settings.WarmUpSettings;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.json.JsonParserFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests of the configuration metadata the build generates (IDE completion), with the
 * additional metadata merged in: every property of the starter ({@code keepalive.*} and
 * its {@code management.*} switches) is described and has a {@code defaultValue} equal to
 * the code's, or says what unset means or where its default is computed, and the hints
 * exist.
 */
class ConfigurationMetadataTests {

	private static final Path METADATA = Path.of("target/classes/META-INF/spring-configuration-metadata.json");

	private static List<Map<String, Object>> properties;

	private static List<Map<String, Object>> hints;

	@BeforeAll
	@SuppressWarnings("unchecked")
	static void readMetadata() throws IOException {
		String json = Files.readString(METADATA, StandardCharsets.UTF_8);
		Map<String, Object> metadata = JsonParserFactory.getJsonParser().parseMap(json);
		properties = ((List<Map<String, Object>>) metadata.get("properties")).stream()
			.filter((property) -> property.get("name").toString().matches("(management\\.[a-z]+\\.)?keepalive\\..*"))
			.toList();
		hints = (List<Map<String, Object>>) metadata.get("hints");
	}

	@Test
	void everyPropertyHasADescription() {
		assertThat(properties).hasSizeGreaterThan(20)
			.allSatisfy((property) -> assertThat(property.get("description")).as("description of %s", name(property))
				.asString()
				.isNotBlank());
	}

	@Test
	void everyPropertyHasADefaultValueOrSaysWhatUnsetMeans() {
		assertThat(properties).allSatisfy((property) -> {
			if (!property.containsKey("defaultValue")) {
				assertThat(property.get("description")).as("description of %s, which has no defaultValue",
						name(property))
					.asString()
					.containsAnyOf("unset", "Unset", "None by default", "none by default");
			}
		});
	}

	@Test
	void timeToLiveJitterIsComputedFromTimeToLiveNotAFixedDefault() {
		Map<String, Object> jitter = property("keepalive.keep-alive.time-to-live-jitter");
		assertThat(jitter).doesNotContainKey("defaultValue");
		assertThat(jitter.get("description")).asString().contains("a tenth of its time-to-live");
		assertThat(KeepAliveSettings.defaultJitter(Duration.ofMinutes(10)))
			.isEqualTo(Duration.ofMinutes(1));
		assertThat(KeepAliveSettings.DEFAULTS.timeToLiveJitter()).isEqualTo(Duration.ofSeconds(30));
	}

	@Test
	void healthContributorCanBeSwitchedOff() {
		assertThat(defaultValue("management.health.keepalive.enabled")).isEqualTo(true);
		assertThat(property("management.health.keepalive.enabled").get("description")).asString().isNotBlank();
	}

	@Test
	void everyPropertyWhoseDescriptionStatesADefaultHasADefaultValue() {
		assertThat(properties)
			.filteredOn((property) -> property.get("description").toString().matches("(?s).*(Defaults to|then) .*"))
			.hasSizeGreaterThanOrEqualTo(12)
			.allSatisfy((property) -> assertThat(property).as(name(property)).containsKey("defaultValue"));
	}

	@Test
	void defaultValuesAreTheCodesDefaults() {
		PoolSettings pool = PoolSettings.DEFAULTS;
		KeepAliveSettings keepAlive = KeepAliveSettings.DEFAULTS;
		assertThat(number("keepalive.pool.max-total")).isEqualTo(pool.maxTotal());
		assertThat(number("keepalive.pool.max-per-route")).isEqualTo(pool.maxPerRoute());
		assertThat(duration("keepalive.pool.lease-timeout")).isEqualTo(pool.leaseTimeout());
		assertThat(defaultValue("keepalive.pool.concurrency-policy")).asString()
			.isEqualToIgnoringCase(pool.concurrencyPolicy().name());
		assertThat(defaultValue("keepalive.pool.reuse-policy")).asString()
			.isEqualToIgnoringCase(pool.reusePolicy().name());
		assertThat(defaultValue("keepalive.keep-alive.enabled")).isEqualTo(keepAlive.enabled());
		assertThat(duration("keepalive.keep-alive.idle-timeout")).isEqualTo(keepAlive.idleTimeout());
		assertThat(duration("keepalive.keep-alive.time-to-live")).isEqualTo(keepAlive.timeToLive());
		assertThat(duration("keepalive.keep-alive.validate-after-inactivity"))
			.isEqualTo(keepAlive.validateAfterInactivity());
		assertThat(duration("keepalive.connect-timeout")).isEqualTo(KeepAliveClientSettings.DEFAULT_CONNECT_TIMEOUT);
		assertThat(duration("keepalive.read-timeout")).isEqualTo(KeepAliveClientSettings.DEFAULT_READ_TIMEOUT);
		assertThat(number("keepalive.retry.max-retries")).isEqualTo(KeepAliveClientSettings.DEFAULT_MAX_RETRIES);
		WarmUpSettings warmUp = WarmUpSettings.DEFAULTS;
		assertThat(number("keepalive.warm-up.connections")).isEqualTo(warmUp.connections());
		assertThat(duration("keepalive.warm-up.timeout")).isEqualTo(warmUp.timeout());
		assertThat(defaultValue("keepalive.pool.adaptive.enabled")).isEqualTo(pool.adaptive().enabled());
		assertThat(number("keepalive.pool.adaptive.min-per-route")).isEqualTo(pool.adaptive().minPerRoute());
		KeepAliveProperties starter = new KeepAliveProperties();
		assertThat(defaultValue("keepalive.enabled")).isEqualTo(starter.isEnabled());
		assertThat(duration("keepalive.shutdown.drain-timeout")).isEqualTo(starter.getShutdown().getDrainTimeout());
		assertThat(duration("keepalive.advice.window")).isEqualTo(starter.getAdvice().getWindow());
		assertThat(duration("keepalive.health.saturation-period"))
			.isEqualTo(starter.getHealth().getSaturationPeriod());
		assertThat(defaultValue("keepalive.health.saturated-status")).isEqualTo(starter.getHealth().getSaturatedStatus());
		assertThat(number("keepalive.metrics.per-route.max-routes"))
			.isEqualTo(starter.getMetrics().getPerRoute().getMaxRoutes());
	}

	@Test
	void saturatedStatusHintsTheBuiltInStatuses() {
		assertThat(hintValues("keepalive.health.saturated-status")).containsExactly("UP", "OUT_OF_SERVICE", "DOWN",
				"UNKNOWN");
		// and lets a custom status (listed in management.endpoint.health.status.order) be typed
		assertThat(hint("keepalive.health.saturated-status").get("providers")).asString().contains("any");
	}

	@Test
	void policiesHintTheirValues() {
		assertThat(hintValues("keepalive.pool.concurrency-policy")).containsExactly("strict", "lax", "offlock");
		assertThat(hintValues("keepalive.pool.reuse-policy")).containsExactly("lifo", "fifo");
	}

	@Test
	void everyHintedValueHasADescription() {
		assertThat(hints).filteredOn((hint) -> hint.get("name").toString().startsWith("keepalive."))
			.hasSize(3)
			.flatMap((hint) -> values(hint))
			.allSatisfy((value) -> assertThat(value.get("description")).as("description of %s", value.get("value"))
				.asString()
				.isNotBlank());
	}

	private static String name(Map<String, Object> property) {
		return property.get("name").toString();
	}

	private static Map<String, Object> property(String name) {
		return properties.stream()
			.filter((property) -> name(property).equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No property " + name));
	}

	private static Object defaultValue(String name) {
		Object defaultValue = property(name).get("defaultValue");
		assertThat(defaultValue).as("defaultValue of %s", name).isNotNull();
		return defaultValue;
	}

	private static int number(String name) {
		return ((Number) defaultValue(name)).intValue();
	}

	private static Duration duration(String name) {
		return DurationStyle.detectAndParse(defaultValue(name).toString());
	}

	private static Map<String, Object> hint(String name) {
		return hints.stream()
			.filter((hint) -> hint.get("name").equals(name))
			.findFirst()
			.orElseThrow(() -> new AssertionError("No hint for " + name));
	}

	private static List<Object> hintValues(String name) {
		return values(hint(name)).stream().map((value) -> value.get("value")).toList();
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> values(Map<String, Object> hint) {
		return (List<Map<String, Object>>) hint.get("values");
	}

}
