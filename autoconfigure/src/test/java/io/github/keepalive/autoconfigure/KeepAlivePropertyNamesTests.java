package io.github.keepalive.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.util.Arrays;
import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import io.github.keepalive.client.settings.AdaptiveSettings;
import io.github.keepalive.client.settings.ClientSetting;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.client.settings.ProxySettings;
import io.github.keepalive.client.settings.WarmUpSettings;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link KeepAlivePropertyNames}.
 */
class KeepAlivePropertyNamesTests {

	private final KeepAlivePropertyNames names = KeepAlivePropertyNames.INSTANCE;

	@Test
	void aSettingLaidOutOtherwiseThanItsRecordHasItsOwnProperty() {
		assertThat(this.names.nameOf("default", KeepAliveClientSettings.CONNECT_TIMEOUT, null))
			.isEqualTo("keepalive.connect-timeout");
		assertThat(this.names.nameOf("default", AdaptiveSettings.MIN_PER_ROUTE, null))
			.isEqualTo("keepalive.pool.adaptive.min-per-route");
	}

	@Test
	void theDefaultClientsSettingsAreNamedDirectlyUnderKeepalive() {
		assertThat(this.names.nameOf("default", PoolSettings.MAX_TOTAL, null)).isEqualTo("keepalive.pool.max-total");
		assertThat(this.names.nameOf("default", KeepAliveClientSettings.MAX_RETRIES, null))
			.isEqualTo("keepalive.retry.max-retries");
	}

	@Test
	void aNamedClientsSettingsAreNamedUnderItsName() {
		assertThat(this.names.nameOf("github", KeepAliveSettings.TIME_TO_LIVE_JITTER, null))
			.isEqualTo("keepalive.clients.github.keep-alive.time-to-live-jitter");
		assertThat(KeepAlivePropertyNames.namedClientPrefix("default")).as("a name that is not allowed, named as set")
			.isEqualTo("keepalive.clients.default");
	}

	@Test
	void aMapEntryIsNamedWithItsKeyInBrackets() {
		assertThat(this.names.nameOf("default", PoolSettings.MAX_PER_HOST, "api.example.com:8443"))
			.isEqualTo("keepalive.pool.max-per-host.[api.example.com:8443]");
	}

	@Test
	void everySettingIsNamedAsAPropertyTheStarterDeclares() throws IOException {
		Set<String> declared = new HashSet<>();
		// the starter's own metadata, among the other jars'
		Enumeration<URL> all = getClass().getClassLoader().getResources("META-INF/spring-configuration-metadata.json");
		while (all.hasMoreElements()) {
			try (InputStream metadata = all.nextElement().openStream()) {
				JsonMapper.builder().build().readTree(metadata).path("properties")
					.forEach((property) -> declared.add(property.path("name").asString()));
			}
		}
		for (String client : new String[] { "default", "github" }) {
			settings().forEach((setting) -> {
				String name = this.names.nameOf(client, setting, null);
				// the form Boot's binder reports, and the one the metadata declares
				assertThat(ConfigurationPropertyName.of(name).toString()).isEqualTo(name);
				assertThat(declared).as("declared properties").contains(name.replace("clients.github.", ""));
			});
		}
	}


	// every setting the settings records name, from their constants
	private static List<ClientSetting> settings() {
		List<ClientSetting> settings = Stream
			.of(KeepAliveClientSettings.class, PoolSettings.class, AdaptiveSettings.class, KeepAliveSettings.class,
					WarmUpSettings.class, ProxySettings.class)
			.flatMap((type) -> Arrays.stream(type.getFields()))
			.filter((field) -> field.getType() == ClientSetting.class && Modifier.isStatic(field.getModifiers()))
			.map((field) -> (ClientSetting) ReflectionUtils.getField(field, null))
			.toList();
		assertThat(settings).hasSize(17);
		return settings;
	}

}
