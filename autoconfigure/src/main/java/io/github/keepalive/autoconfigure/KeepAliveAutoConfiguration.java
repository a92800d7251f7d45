package io.github.keepalive.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.keepalive.client.ClientObserverFactory;
import io.github.keepalive.client.KeepAliveClientHttpRequestFactoryBuilder;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClientBuilderCustomizer;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import org.apache.hc.client5.http.impl.classic.HttpClients;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.autoconfigure.ClientHttpRequestFactoryBuilderCustomizer;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientProperties;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.support.RestClientHttpServiceGroupConfigurer;

/**
 * Auto-configuration of pooled keep-alive clients: one connection pool per client, owned
 * by {@link KeepAliveClients} and closed with the context, a {@code @Primary}
 * {@link RestClient} for the default client and one per {@code keepalive.clients.<name>},
 * and a {@link ClientHttpRequestFactoryBuilder} that puts every {@link RestClient.Builder}
 * Spring Boot hands out on the default client's pool. The clients are warmed up at
 * start, follow the reloads of their SSL bundles, and drain on shutdown
 * ({@code keepalive.shutdown.drain-timeout}).
 */
@AutoConfiguration(before = { ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class },
		after = { HttpClientAutoConfiguration.class, SslAutoConfiguration.class })
@ConditionalOnClass({ RestClient.class, HttpClients.class })
@ConditionalOnBooleanProperty(name = "keepalive.enabled", matchIfMissing = true)
@EnableConfigurationProperties(KeepAliveProperties.class)
@ImportRuntimeHints(KeepAliveRuntimeHints.class)
public final class KeepAliveAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	KeepAliveHttpClientFactory keepAliveHttpClientFactory(KeepAliveProperties properties,
			ObjectProvider<KeepAliveHttpClientBuilderCustomizer> customizers,
			ObjectProvider<ClientObserverFactory> observers) {
		return new KeepAliveHttpClientFactory().withCustomizers(customizers.orderedStream().toList())
			.withObservers(observers.orderedStream().toList())
			.withLeaseStatisticsWindow(properties.getAdvice().getWindow())
			.withSettingNames(KeepAlivePropertyNames.INSTANCE);
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	KeepAliveClients keepAliveClients(KeepAliveProperties properties, KeepAliveHttpClientFactory factory,
			ObjectProvider<SslBundles> sslBundles, ObjectProvider<HttpClientSettings> httpClientSettings) {
		KeepAliveClientSettingsMapper mapper = new KeepAliveClientSettingsMapper(sslBundles.getIfAvailable(),
				httpClientSettings.getIfAvailable(HttpClientSettings::defaults));
		List<KeepAliveClientSettings> settings = new ArrayList<>();
		settings.add(mapper.mapDefaultClient(properties));
		properties.getClients().keySet().forEach((name) -> settings.add(mapper.mapNamedClient(name, properties)));
		return new KeepAliveClients(factory, settings, properties.getShutdown().getDrainTimeout());
	}

	@Bean
	@ConditionalOnMissingBean
	KeepAliveWarmUp keepAliveWarmUp(KeepAliveClients clients) {
		return new KeepAliveWarmUp(clients);
	}

	@Bean
	@ConditionalOnBean(SslBundles.class)
	@ConditionalOnMissingBean
	KeepAliveSslBundleReloads keepAliveSslBundleReloads(SslBundles sslBundles, KeepAliveClients clients) {
		return new KeepAliveSslBundleReloads(sslBundles, clients);
	}

	@Bean
	@ConditionalOnMissingBean(ClientHttpRequestFactoryBuilder.class)
	@ConditionalOnProperty(name = "spring.http.clients.imperative.factory", havingValue = "http-components",
			matchIfMissing = true)
	ClientHttpRequestFactoryBuilder<?> clientHttpRequestFactoryBuilder(KeepAliveClients clients,
			ObjectProvider<HttpClientSettings> httpClientSettings,
			ObjectProvider<ClientHttpRequestFactoryBuilderCustomizer<?>> customizers) {
		KeepAliveClientHttpRequestFactoryBuilder builder = new KeepAliveClientHttpRequestFactoryBuilder(clients,
				KeepAliveClientSettings.DEFAULT_CLIENT_NAME, httpClientSettings.getIfAvailable(HttpClientSettings::defaults));
		return RequestFactoryBuilderCustomizers.apply(builder, customizers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	KeepAliveRestClientFactory keepAliveRestClientFactory(KeepAliveClients clients,
			ObjectProvider<RestClient.Builder> restClientBuilders) {
		return new KeepAliveRestClientFactory(clients, restClientBuilders);
	}

	@Bean
	@Primary
	@Qualifier(KeepAliveClientSettings.DEFAULT_CLIENT_NAME)
	@ConditionalOnMissingBean(RestClient.class)
	RestClient restClient(KeepAliveRestClientFactory restClientFactory) {
		return restClientFactory.create(KeepAliveClientSettings.DEFAULT_CLIENT_NAME);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RestClientHttpServiceGroupConfigurer.class, HttpServiceClientProperties.class })
	static class HttpServiceGroupConfiguration {

		@Bean
		@ConditionalOnMissingBean
		KeepAliveHttpServiceGroupConfigurer keepAliveHttpServiceGroupConfigurer(KeepAliveClients clients,
				KeepAliveProperties properties, ObjectProvider<HttpServiceClientProperties> groupProperties,
				ObjectProvider<SslBundles> sslBundles) {
			return new KeepAliveHttpServiceGroupConfigurer(clients, properties.getClients().keySet(),
					groupProperties.getIfAvailable(), sslBundles.getIfAvailable());
		}

	}

	@Bean
	static NamedRestClientsRegistrar keepAliveNamedRestClientsRegistrar(Environment environment) {
		return new NamedRestClientsRegistrar(environment);
	}

}
