package io.github.keepalive.autoconfigure;

import java.util.Set;

import io.github.keepalive.client.KeepAliveClientSettings;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.HttpClientSettingsPropertyMapper;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.core.Ordered;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;
import org.springframework.web.service.registry.HttpServiceGroup;

/**
 * Puts every HTTP service group on a keep-alive pool: a group named like a
 * {@code keepalive.clients.<name>} entry uses that client's pool, any other group a pool
 * of its own with the default client's settings. Runs right after Spring Boot's
 * properties configurer, so the group's base URL, headers and API version still apply, as
 * do its {@code spring.http.serviceclient.<group>.*} timeouts and SSL bundle.
 */
class KeepAliveHttpServiceGroupConfigurer implements RestClientHttpServiceGroupConfigurer {

	// Spring Boot's PropertiesRestClientHttpServiceGroupConfigurer runs at HIGHEST_PRECEDENCE + 10
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
		KeepAliveHttpClient client = clientFor(group.name(), groupSettings);
		HttpComponentsClientHttpRequestFactory requestFactory = client.createRequestFactory();
		if (groupSettings.readTimeout() != null) {
			requestFactory.setReadTimeout(groupSettings.readTimeout());
		}
		builder.requestFactory(requestFactory);
	}

	private KeepAliveHttpClient clientFor(String groupName, HttpClientSettings groupSettings) {
		if (this.namedClients.contains(groupName)) {
			return this.clients.get(groupName);
		}
		KeepAliveClientSettings defaults = this.clients.get(KeepAliveClientSettings.DEFAULT_CLIENT_NAME).getSettings();
		return this.clients.getOrCreate(groupName, () -> defaults.withName(groupName, null).withHttp(groupSettings));
	}

}
