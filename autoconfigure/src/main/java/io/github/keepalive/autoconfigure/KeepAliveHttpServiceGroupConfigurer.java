package io.github.keepalive.autoconfigure;

import java.util.Set;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.Ordered;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

/**
 * Puts every HTTP service group on a keep-alive pool: a group named like a
 * {@code keepalive.clients.<name>} entry uses that client's pool, any other group a pool
 * of its own with the default client's settings. Runs right after Spring Boot's
 * properties configurer, so the group's base URL, headers and API version still apply.
 * Boot's configurer does not tell the request factory builder which group it builds for,
 * so the group's own {@code spring.http.serviceclient.<group>.*} settings are read again
 * here, with Boot's own mapper, and go through the same
 * {@link KeepAliveClients#createRequestFactory} as every other request factory; the one
 * Boot built is replaced before it opened any connection.
 */
class KeepAliveHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	// Spring Boot's PropertiesRestClientHttpServiceGroupConfigurer runs at HIGHEST_PRECEDENCE
	private static final int ORDER = Ordered.HIGHEST_PRECEDENCE + 11;

	private final KeepAliveClients clients;

	private final Set<String> namedClients;

	private final @Nullable HttpServiceClientProperties groupProperties;

	private final HttpClientSettingsPropertyMapper groupSettingsMapper;

	KeepAliveHttpServiceGroupConfigurer(KeepAliveClients clients, Set<String> namedClients,
			@Nullable HttpServiceClientProperties groupProperties, @Nullable SslBundles sslBundles) {
		this.clients = clients;
		this.namedClients = namedClients;
		this.groupProperties = groupProperties;
		// no application-wide fallback: only what the group itself sets overrides the client
		this.groupSettingsMapper = new HttpClientSettingsPropertyMapper(sslBundles, null);
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

	@Override
	public void configureGroups(Groups<RestClient.Builder> groups) {
		groups.forEachClient(this::configureClient);
	}

	private void configureClient(HttpServiceGroup group, RestClient.Builder builder) {
		HttpClientSettings groupSettings = this.groupSettingsMapper
			.map((this.groupProperties != null) ? this.groupProperties.get(group.name()) : null);
		builder.requestFactory(this.clients.createRequestFactory(clientFor(group.name(), groupSettings), groupSettings));
	}

	private String clientFor(String groupName, HttpClientSettings groupSettings) {
		if (!this.namedClients.contains(groupName)) {
			KeepAliveClientSettings defaults = this.clients.get(KeepAliveClientSettings.DEFAULT_CLIENT_NAME)
				.getSettings();
			this.clients.getOrCreate(defaults.withName(groupName, null).withHttp(groupSettings));
		}
		return groupName;
	}

}
