package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.keepalive.client.settings.AdaptiveSettings;
import io.github.keepalive.client.settings.InvalidSettingException;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.PoolSettings;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * {@link InheritedProperties}: inherited values, and invalid ones blamed where set.
 */
class InheritedPropertiesTests {

	private static final String PREFIX = "keepalive.clients.backend";

	private final KeepAliveClientProperties defaultClient = new KeepAliveClientProperties();

	private final KeepAliveClientProperties client = new KeepAliveClientProperties();

	private final InheritedProperties properties = new InheritedProperties(PREFIX, this.client, this.defaultClient);

	@Test
	void aClientsOwnValueWinsOverTheInheritedOne() {
		this.defaultClient.getPool().setMaxTotal(100);
		this.client.getPool().setMaxTotal(20);
		assertThat(maxTotal(this.properties)).isEqualTo(20);
		assertThat(this.properties.property("pool.max-total")).isEqualTo(PREFIX + ".pool.max-total");
	}

	@Test
	void anUnsetValueIsInheritedAndNamedAfterTheDefaultClientsProperty() {
		this.defaultClient.getPool().setMaxTotal(100);
		assertThat(maxTotal(this.properties)).isEqualTo(100);
		assertThat(this.properties.property("pool.max-total")).isEqualTo("keepalive.pool.max-total");
		assertThat(this.properties.property("pool.max-per-route")).as("another setting")
			.isEqualTo(PREFIX + ".pool.max-per-route");
	}

	@Test
	void aValueSetNowhereIsTheDefaultAndNamedAfterTheClientsProperty() {
		assertThat(maxTotal(this.properties)).isEqualTo(200);
		assertThat(this.properties.property("pool.max-total")).isEqualTo(PREFIX + ".pool.max-total");
	}

	@Test
	void theDefaultClientInheritsNothing() {
		InheritedProperties defaults = new InheritedProperties("keepalive", this.defaultClient, null);
		assertThat(maxTotal(defaults)).isEqualTo(200);
		this.defaultClient.getPool().setMaxTotal(30);
		assertThat(maxTotal(defaults)).isEqualTo(30);
		assertThat(defaults.own()).isSameAs(this.defaultClient);
		assertThat(defaults.property("pool.max-total")).isEqualTo("keepalive.pool.max-total");
	}

	@Test
	void ownIsTheClientsOwnProperties() {
		assertThat(this.properties.own()).isSameAs(this.client);
	}

	@Test
	void mergedValuesAreTheInheritedOnesWithTheClientsOwnOverThem() {
		this.defaultClient.getPool().setMaxPerHost(new LinkedHashMap<>(Map.of("a.example.com", 5, "b.example.com", 6)));
		this.client.getPool().setMaxPerHost(new LinkedHashMap<>(Map.of("b.example.com", 7, "c.example.com", 8)));
		Map<String, Integer> merged = this.properties.merged("pool.max-per-host", (p) -> p.getPool().getMaxPerHost());
		assertThat(merged).containsExactlyInAnyOrderEntriesOf(
				Map.of("a.example.com", 5, "b.example.com", 7, "c.example.com", 8));
		assertThat(new InheritedProperties("keepalive", this.defaultClient, null).merged("pool.max-per-host",
				(p) -> p.getPool().getMaxPerHost()))
			.containsExactlyInAnyOrderEntriesOf(Map.of("a.example.com", 5, "b.example.com", 6));
	}

	@Test
	void aMergedEntryOnlyInheritedIsNamedAfterTheDefaultClientsProperty() {
		this.defaultClient.getPool().setMaxPerHost(new LinkedHashMap<>(Map.of("a.example.com", 150, "b.example.com", 6)));
		this.client.getPool().setMaxPerHost(new LinkedHashMap<>(Map.of("b.example.com", 7)));
		this.properties.merged("pool.max-per-host", (p) -> p.getPool().getMaxPerHost());
		assertThat(this.properties.property("pool.max-per-host.[a.example.com]"))
			.isEqualTo("keepalive.pool.max-per-host.[a.example.com]");
		assertThat(this.properties.property("pool.max-per-host.[b.example.com]"))
			.isEqualTo("keepalive.clients.backend.pool.max-per-host.[b.example.com]");
	}

	@Test
	void anInvalidValueOfTheClientsOwnNamesTheClientsProperty() {
		this.client.getPool().setMaxTotal(0);
		InvalidKeepAlivePropertyException ex = invalid(this.properties, () -> pool(maxTotal(this.properties), 1));
		assertThat(ex.getProperty()).isEqualTo(PREFIX + ".pool.max-total");
		assertThat(ex.getValue()).isEqualTo(0);
		assertThat(ex.getReason()).isEqualTo("must be at least 1");
		assertThat(ex.getAction()).isEqualTo("Set " + PREFIX + ".pool.max-total to a valid value.");
		assertThat(ex).hasMessage("Invalid value '0' for property '" + PREFIX
				+ ".pool.max-total': must be at least 1. Set " + PREFIX + ".pool.max-total to a valid value.");
	}

	@Test
	void anInvalidInheritedValueIsBlamedOnTheDefaultClientsProperty() {
		this.defaultClient.getPool().setMaxTotal(0);
		InvalidKeepAlivePropertyException ex = invalid(this.properties, () -> pool(maxTotal(this.properties), 1));
		assertThat(ex.getProperty()).isEqualTo("keepalive.pool.max-total");
		assertThat(ex.getReason()).isEqualTo("must be at least 1; " + PREFIX + " inherits keepalive.pool.max-total");
		assertThat(ex.getAction()).isEqualTo("Set keepalive.pool.max-total to a valid value.");
	}

	@Test
	void anInvalidValueAgainstAnInheritedLimitNamesWhereTheLimitWasSet() {
		this.defaultClient.getPool().setMaxTotal(10);
		this.client.getPool().setMaxPerRoute(20);
		InvalidKeepAlivePropertyException ex = invalid(this.properties,
				() -> pool(maxTotal(this.properties), maxPerRoute(this.properties)));
		assertThat(ex.getProperty()).isEqualTo(PREFIX + ".pool.max-per-route");
		assertThat(ex.getValue()).isEqualTo(20);
		assertThat(ex.getReason()).isEqualTo("must not exceed keepalive.pool.max-total (10); " + PREFIX
				+ " inherits keepalive.pool.max-total");
		assertThat(ex.getAction())
			.isEqualTo("Lower " + PREFIX + ".pool.max-per-route or raise keepalive.pool.max-total.");
		assertThat(ex).hasMessage("Invalid value '20' for property '" + PREFIX
				+ ".pool.max-per-route': must not exceed keepalive.pool.max-total (10); " + PREFIX
				+ " inherits keepalive.pool.max-total. Lower " + PREFIX
				+ ".pool.max-per-route or raise keepalive.pool.max-total.");
	}

	@Test
	void anInvalidInheritedValueAgainstAnInheritedLimitNamesBothInheritances() {
		this.defaultClient.getKeepAlive().setTimeToLive(Duration.ofSeconds(10));
		this.defaultClient.getKeepAlive().setTimeToLiveJitter(Duration.ofSeconds(10));
		InvalidKeepAlivePropertyException ex = invalid(this.properties, () -> {
			Duration timeToLive = this.properties.get("keep-alive.time-to-live",
					(p) -> p.getKeepAlive().getTimeToLive(), Duration.ofMinutes(5));
			Duration jitter = this.properties.get("keep-alive.time-to-live-jitter",
					(p) -> p.getKeepAlive().getTimeToLiveJitter(), Duration.ZERO);
			new KeepAliveSettings(true, Duration.ofSeconds(30), timeToLive, Duration.ofSeconds(1),
					jitter);
		});
		assertThat(ex.getProperty()).isEqualTo("keepalive.keep-alive.time-to-live-jitter");
		assertThat(ex.getReason()).isEqualTo("must be less than keepalive.keep-alive.time-to-live (PT10S); " + PREFIX
				+ " inherits keepalive.keep-alive.time-to-live-jitter; " + PREFIX
				+ " inherits keepalive.keep-alive.time-to-live");
		assertThat(ex.getAction()).isEqualTo(
				"Lower keepalive.keep-alive.time-to-live-jitter or raise keepalive.keep-alive.time-to-live.");
	}

	@Test
	void theDefaultClientsInvalidValueIsNeverSaidToBeInherited() {
		this.defaultClient.getPool().setMaxTotal(10);
		this.defaultClient.getPool().setMaxPerRoute(20);
		InheritedProperties defaults = new InheritedProperties("keepalive", this.defaultClient, null);
		InvalidKeepAlivePropertyException ex = invalid(defaults, () -> pool(maxTotal(defaults), maxPerRoute(defaults)));
		assertThat(ex).hasMessage("Invalid value '20' for property 'keepalive.pool.max-per-route': must not exceed "
				+ "keepalive.pool.max-total (10). "
				+ "Lower keepalive.pool.max-per-route or raise keepalive.pool.max-total.");
	}

	@Test
	void aHostLimitBelowOneIsToBeSetNotWeighedAgainstTheTotal() {
		this.client.getPool().setMaxPerHost(new LinkedHashMap<>(Map.of("a.example.com", 0)));
		Map<String, Integer> maxPerHost = this.properties.merged("pool.max-per-host",
				(p) -> p.getPool().getMaxPerHost());
		InvalidKeepAlivePropertyException ex = invalid(this.properties,
				() -> new PoolSettings(200, 50, maxPerHost, Duration.ofSeconds(5), PoolConcurrencyPolicy.STRICT,
						PoolReusePolicy.LIFO, null, AdaptiveSettings.DEFAULTS));
		assertThat(ex.getProperty()).isEqualTo(PREFIX + ".pool.max-per-host.[a.example.com]");
		assertThat(ex.getReason()).isEqualTo("must be at least 1");
		assertThat(ex.getAction()).isEqualTo("Set " + PREFIX + ".pool.max-per-host.[a.example.com] to a valid value.");
	}

	private static int maxTotal(InheritedProperties properties) {
		return properties.get("pool.max-total", (p) -> p.getPool().getMaxTotal(), 200);
	}

	private static int maxPerRoute(InheritedProperties properties) {
		return properties.get("pool.max-per-route", (p) -> p.getPool().getMaxPerRoute(), 50);
	}

	private static void pool(int maxTotal, int maxPerRoute) {
		new PoolSettings(maxTotal, maxPerRoute, Map.of(), Duration.ofSeconds(5),
				PoolConcurrencyPolicy.STRICT, PoolReusePolicy.LIFO, null, AdaptiveSettings.DEFAULTS);
	}

	private static InvalidKeepAlivePropertyException invalid(InheritedProperties properties, Runnable settings) {
		InvalidSettingException rejection = catchThrowableOfType(InvalidSettingException.class, settings::run);
		assertThat(rejection).as("the settings are rejected").isNotNull();
		return properties.invalid(rejection);
	}

}
