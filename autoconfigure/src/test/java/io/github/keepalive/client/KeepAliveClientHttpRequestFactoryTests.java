package io.github.keepalive.client;

import java.time.Duration;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.util.Timeout;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The request config of {@link KeepAliveClientHttpRequestFactory}: the client's own,
 * merged with the factory's settings, built once per client and rebuilt when a setter
 * changes a timeout.
 */
class KeepAliveClientHttpRequestFactoryTests {

	@Test
	void requestsOfOneClientShareOneRequestConfigWithTheSettingsMerged() throws Exception {
		try (CloseableHttpClient client = client(Timeout.ofSeconds(4))) {
			KeepAliveClientHttpRequestFactory factory = new KeepAliveClientHttpRequestFactory(() -> client,
					HttpClientSettings.defaults()
						.withReadTimeout(Duration.ofSeconds(3))
						.withRedirects(HttpRedirects.DONT_FOLLOW));
			RequestConfig first = factory.createRequestConfig(client);
			assertThat(first).isNotNull();
			assertThat(first.getResponseTimeout()).isEqualTo(Timeout.ofSeconds(3));
			assertThat(first.getConnectionRequestTimeout()).as("the client's own").isEqualTo(Timeout.ofSeconds(4));
			assertThat(first.isRedirectsEnabled()).isFalse();
			assertThat(factory.createRequestConfig(client)).isSameAs(first);
		}
	}

	@Test
	void aTimeoutSetLaterIsInTheNextRequestsConfig() throws Exception {
		try (CloseableHttpClient client = client(Timeout.ofSeconds(4))) {
			KeepAliveClientHttpRequestFactory factory = new KeepAliveClientHttpRequestFactory(() -> client,
					HttpClientSettings.defaults().withReadTimeout(Duration.ofSeconds(3)));
			assertThat(factory.createRequestConfig(client).getResponseTimeout()).isEqualTo(Timeout.ofSeconds(3));
			factory.setReadTimeout(Duration.ofSeconds(7));
			assertThat(factory.createRequestConfig(client).getResponseTimeout()).isEqualTo(Timeout.ofSeconds(7));
			factory.setReadTimeout(8000);
			assertThat(factory.createRequestConfig(client).getResponseTimeout()).isEqualTo(Timeout.ofSeconds(8));
			factory.setConnectionRequestTimeout(Duration.ofSeconds(2));
			assertThat(factory.createRequestConfig(client).getConnectionRequestTimeout())
				.isEqualTo(Timeout.ofSeconds(2));
			factory.setConnectionRequestTimeout(1000);
			assertThat(factory.createRequestConfig(client).getConnectionRequestTimeout())
				.isEqualTo(Timeout.ofSeconds(1));
		}
	}

	@Test
	void anotherClientGetsAConfigMergedFromItsOwn() throws Exception {
		try (CloseableHttpClient first = client(Timeout.ofSeconds(4));
				CloseableHttpClient second = client(Timeout.ofSeconds(9))) {
			KeepAliveClientHttpRequestFactory factory = new KeepAliveClientHttpRequestFactory(() -> first,
					HttpClientSettings.defaults().withReadTimeout(Duration.ofSeconds(3)));
			assertThat(factory.createRequestConfig(first).getConnectionRequestTimeout())
				.isEqualTo(Timeout.ofSeconds(4));
			RequestConfig ofSecond = factory.createRequestConfig(second);
			assertThat(ofSecond.getConnectionRequestTimeout()).isEqualTo(Timeout.ofSeconds(9));
			assertThat(ofSecond.getResponseTimeout()).isEqualTo(Timeout.ofSeconds(3));
		}
	}

	private static CloseableHttpClient client(Timeout connectionRequestTimeout) {
		return HttpClients.custom()
			.setDefaultRequestConfig(RequestConfig.custom().setConnectionRequestTimeout(connectionRequestTimeout).build())
			.build();
	}

}
