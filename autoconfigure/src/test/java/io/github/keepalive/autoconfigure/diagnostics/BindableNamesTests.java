package io.github.keepalive.autoconfigure.diagnostics;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.keepalive.autoconfigure.diagnostics.BindableNames.DottedKey;
import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.ResolvableType;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link BindableNames}, on a record of its own: the names come from the bound
 * structure, not from configuration metadata.
 */
class BindableNamesTests {

	private final BindableNames names = BindableNames.of(ResolvableType.forClass(Settings.class));

	@Test
	void closestNameOfANestedRecord() {
		assertThat(closest("pool.max-sise")).isEqualTo("pool.max-size");
		assertThat(closest("pool.maxSise")).isEqualTo("pool.max-size");
	}

	@Test
	void closestNameBelowAMapOfObjectsKeepsTheKey() {
		assertThat(closest("servers.Primary.tmeout")).isEqualTo("servers.Primary.timeout");
		assertThat(closest("server.primary.timeout")).isEqualTo("servers.primary.timeout");
	}

	@Test
	void closestNameOfAMapOfValuesKeepsTheKey() {
		assertThat(closest("label.team")).isEqualTo("labels.team");
		assertThat(closest("tag[0]")).isEqualTo("tags[0]");
	}

	@Test
	void nothingCloseIsNoSuggestion() {
		assertThat(closest("colour")).isNull();
		assertThat(closest("pool.max-size")).as("the same name is no typo").isNull();
	}

	@Test
	void dottedKeyOfAMapOfObjects() {
		DottedKey dotted = this.names.dottedKey(ConfigurationPropertyName.adapt("servers.eu.west.timeout", '.'));
		assertThat(dotted).isEqualTo(new DottedKey("eu.west", "servers.eu-west.timeout"));
		assertThat(this.names.dottedKey(ConfigurationPropertyName.adapt("servers.eu.tmeout", '.'))).isNull();
	}

	private String closest(String name) {
		return this.names.closest(ConfigurationPropertyName.adapt(name, '.'));
	}

	record Settings(Pool pool, Map<String, Server> servers, Map<String, String> labels, List<String> tags) {

	}

	record Pool(int maxSize, Duration timeout) {

	}

	record Server(String url, Duration timeout) {

	}

}
