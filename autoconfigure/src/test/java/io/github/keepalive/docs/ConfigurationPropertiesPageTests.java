package io.github.keepalive.docs;

import java.nio.file.Files;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests that {@code docs/configuration-properties.md} is the page
 * {@link ConfigurationPropertiesPage} makes from the configuration metadata.
 */
class ConfigurationPropertiesPageTests {

	@Test
	void committedPageMatchesTheMetadata() {
		String expected = ConfigurationPropertiesPage.render();
		if (Boolean.getBoolean(ConfigurationPropertiesPage.REGENERATE)) {
			ConfigurationPropertiesPage.write(expected);
		}
		assertThat(Files.exists(ConfigurationPropertiesPage.PAGE))
			.as("docs/configuration-properties.md is missing. Generate it with:%n  %s",
					ConfigurationPropertiesPage.REGENERATE_COMMAND)
			.isTrue();
		assertThat(ConfigurationPropertiesPage.read(ConfigurationPropertiesPage.PAGE))
			.as("docs/configuration-properties.md differs from the configuration metadata. Regenerate it with:%n  %s",
					ConfigurationPropertiesPage.REGENERATE_COMMAND)
			.isEqualTo(expected);
	}

	@Test
	void namedClientSettingsArePerClientAndTheRestApplicationWide() {
		assertThat(ConfigurationPropertiesPage.isPerClient("keepalive.pool.max-per-route")).isTrue();
		assertThat(ConfigurationPropertiesPage.isPerClient("keepalive.base-url")).isTrue();
		assertThat(ConfigurationPropertiesPage.isPerClient("keepalive.keep-alive.time-to-live-jitter")).isTrue();
		assertThat(ConfigurationPropertiesPage.isPerClient("keepalive.shutdown.drain-timeout")).isFalse();
		assertThat(ConfigurationPropertiesPage.isPerClient("keepalive.advice.window")).isFalse();
		assertThat(ConfigurationPropertiesPage.isPerClient("keepalive.enabled")).isFalse();
		assertThat(ConfigurationPropertiesPage.isPerClient("keepalive.clients")).isFalse();
		assertThat(ConfigurationPropertiesPage.isPerClient("management.endpoint.keepalive.access")).isFalse();
	}

}
