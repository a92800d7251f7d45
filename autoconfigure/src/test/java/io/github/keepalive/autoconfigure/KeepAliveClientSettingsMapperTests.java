package io.github.keepalive.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.keepalive.client.settings.AdaptiveSettings;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.PoolSettings;
import io.github.keepalive.client.settings.ProxySettings;
import io.github.keepalive.client.settings.WarmUpSettings;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.ssl.DefaultSslBundleRegistry;
import org.springframework.boot.ssl.SslBundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link KeepAliveClientSettingsMapper}: properties to settings, without a
 * context.
 */
class KeepAliveClientSettingsMapperTests {

	private final DefaultSslBundleRegistry sslBundles = new DefaultSslBundleRegistry();

	private final KeepAliveClientSettingsMapper mapper = new KeepAliveClientSettingsMapper(this.sslBundles,
			HttpClientSettings.defaults());

	private final KeepAliveProperties properties = new KeepAliveProperties();

	@Test
	void mapsNothingSetToTheStarterDefaults() {
		KeepAliveClientSettings settings = this.mapper.mapDefaultClient(this.properties);
		KeepAliveClientSettings defaults = KeepAliveClientSettings.defaults(KeepAliveClientSettings.DEFAULT_CLIENT_NAME);
		assertThat(settings).isEqualTo(defaults);
	}

	@Test
	void mapsEveryProperty() {
		SslBundle bundle = SslBundle.of(null);
		this.sslBundles.registerBundle("api", bundle);
		this.properties.setBaseUrl("https://user:secret@api.example.com/v1");
		this.properties.setDefaultHeaders(Map.of("X-Team", List.of("checkout")));
		this.properties.setConnectTimeout(Duration.ofSeconds(2));
		this.properties.setReadTimeout(Duration.ofSeconds(7));
		this.properties.getPool().setMaxTotal(80);
		this.properties.getPool().setMaxPerRoute(20);
		this.properties.getPool().setMaxPerHost(Map.of("api.example.com", 10));
		this.properties.getPool().setLeaseTimeout(Duration.ofSeconds(1));
		this.properties.getPool().setConcurrencyPolicy(PoolConcurrencyPolicy.LAX);
		this.properties.getPool().setReusePolicy(PoolReusePolicy.FIFO);
		this.properties.getPool().setLeakDetectionThreshold(Duration.ofSeconds(30));
		this.properties.getPool().getAdaptive().setEnabled(true);
		this.properties.getPool().getAdaptive().setMinPerRoute(3);
		this.properties.getWarmUp().setConnections(4);
		this.properties.getWarmUp().setTimeout(Duration.ofSeconds(3));
		this.properties.getKeepAlive().setEnabled(false);
		this.properties.getKeepAlive().setIdleTimeout(Duration.ofSeconds(9));
		this.properties.getKeepAlive().setTimeToLive(Duration.ofMinutes(2));
		this.properties.getKeepAlive().setValidateAfterInactivity(Duration.ofMillis(300));
		this.properties.getKeepAlive().setTimeToLiveJitter(Duration.ofSeconds(12));
		this.properties.getRetry().setMaxRetries(3);
		this.properties.getSsl().setBundle("api");
		this.properties.getProxy().setHost("proxy.example.com");
		this.properties.getProxy().setPort(3128);
		this.properties.getProxy().setUsername("svc");
		this.properties.getProxy().setPassword("pw");
		this.properties.getProxy().setNonProxyHosts(List.of("*.internal"));
		KeepAliveClientSettings settings = this.mapper.mapDefaultClient(this.properties);
		assertThat(settings.baseUrl().uri()).hasToString("https://api.example.com/v1");
		assertThat(settings.baseUrl().userInfo()).isEqualTo("user:secret");
		assertThat(settings.defaultHeaders()).containsEntry("X-Team", List.of("checkout"));
		assertThat(settings.pool()).isEqualTo(new PoolSettings(80, 20, Map.of("api.example.com", 10),
				Duration.ofSeconds(1), PoolConcurrencyPolicy.LAX, PoolReusePolicy.FIFO, Duration.ofSeconds(30),
				new AdaptiveSettings(true, 3)));
		assertThat(settings.keepAlive()).isEqualTo(new KeepAliveSettings(false,
				Duration.ofSeconds(9), Duration.ofMinutes(2), Duration.ofMillis(300), Duration.ofSeconds(12)));
		assertThat(settings.warmUp()).isEqualTo(new WarmUpSettings(4, Duration.ofSeconds(3)));
		assertThat(settings.maxRetries()).isEqualTo(3);
		assertThat(settings.proxy()).isEqualTo(
				new ProxySettings("proxy.example.com", 3128, "svc", "pw", List.of("*.internal")));
		assertThat(settings.http().connectTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.http().readTimeout()).isEqualTo(Duration.ofSeconds(7));
		assertThat(settings.http().sslBundle()).isSameAs(bundle);
	}

	@Test
	void namedClientInheritsUnsetValuesAndMergesHeadersAndPerHostLimits() {
		this.properties.getPool().setMaxTotal(40);
		this.properties.getPool().setMaxPerHost(Map.of("a.example.com", 5));
		this.properties.setDefaultHeaders(Map.of("X-Team", List.of("checkout")));
		this.properties.setBaseUrl("https://default.example.com");
		KeepAliveClientProperties github = new KeepAliveClientProperties();
		github.getPool().setMaxPerRoute(8);
		github.getPool().setMaxPerHost(Map.of("b.example.com", 6));
		github.setDefaultHeaders(Map.of("Accept", List.of("application/json")));
		this.properties.getClients().put("github", github);
		KeepAliveClientSettings settings = this.mapper.mapNamedClient("github", this.properties);
		assertThat(settings.name()).isEqualTo("github");
		assertThat(settings.baseUrl()).as("never inherited").isNull();
		assertThat(settings.pool().maxTotal()).isEqualTo(40);
		assertThat(settings.pool().maxPerRoute()).isEqualTo(8);
		assertThat(settings.pool().maxPerHost()).containsOnly(Map.entry("a.example.com", 5),
				Map.entry("b.example.com", 6));
		assertThat(settings.defaultHeaders()).containsOnlyKeys("X-Team", "Accept");
	}

	@Test
	void unsetMaxPerRouteNeverExceedsAnExplicitlySmallerMaxTotal() {
		this.properties.getPool().setMaxTotal(10);
		assertThat(this.mapper.mapDefaultClient(this.properties).pool().maxPerRoute()).isEqualTo(10);
	}

	@Test
	void unsetJitterIsATenthOfTheEffectiveTimeToLive() {
		this.properties.getKeepAlive().setTimeToLive(Duration.ofSeconds(40));
		assertThat(this.mapper.mapDefaultClient(this.properties).keepAlive().timeToLiveJitter())
			.isEqualTo(Duration.ofSeconds(4));
	}

	@Test
	void timeoutsFallBackToTheApplicationsHttpClientSettings() {
		KeepAliveClientSettingsMapper mapper = new KeepAliveClientSettingsMapper(null,
				HttpClientSettings.defaults()
					.withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(2))
					.withRedirects(HttpRedirects.DONT_FOLLOW));
		KeepAliveClientSettings settings = mapper.mapDefaultClient(this.properties);
		assertThat(settings.http().connectTimeout()).isEqualTo(Duration.ofSeconds(1));
		assertThat(settings.http().readTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(settings.http().redirects()).isEqualTo(HttpRedirects.DONT_FOLLOW);
	}

	@Test
	void invalidValueNamesTheProperty() {
		this.properties.getPool().setMaxTotal(10);
		this.properties.getPool().setMaxPerRoute(11);
		assertThatExceptionOfType(InvalidKeepAlivePropertyException.class)
			.isThrownBy(() -> this.mapper.mapDefaultClient(this.properties))
			.withMessage("Invalid value '11' for property 'keepalive.pool.max-per-route': must not exceed "
					+ "keepalive.pool.max-total (10). Lower keepalive.pool.max-per-route or raise "
					+ "keepalive.pool.max-total.");
	}

	@Test
	void invalidValueAgainstAnInheritedLimitNamesWhereTheLimitWasSet() {
		this.properties.getPool().setMaxTotal(1);
		KeepAliveClientProperties backend = new KeepAliveClientProperties();
		backend.getPool().setMaxPerRoute(20);
		this.properties.getClients().put("backend", backend);
		assertThatExceptionOfType(InvalidKeepAlivePropertyException.class)
			.isThrownBy(() -> this.mapper.mapNamedClient("backend", this.properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("keepalive.clients.backend.pool.max-per-route"))
			.withMessageContaining("must not exceed keepalive.pool.max-total (1)")
			.withMessageContaining("keepalive.clients.backend inherits keepalive.pool.max-total")
			.withMessageContaining("or raise keepalive.pool.max-total");
	}

	@Test
	void invalidInheritedValueIsBlamedOnThePropertyThatSetIt() {
		this.properties.getKeepAlive().setIdleTimeout(Duration.ZERO);
		this.properties.getClients().put("backend", new KeepAliveClientProperties());
		assertThatExceptionOfType(InvalidKeepAlivePropertyException.class)
			.isThrownBy(() -> this.mapper.mapNamedClient("backend", this.properties))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("keepalive.keep-alive.idle-timeout"))
			.withMessageContaining("keepalive.clients.backend inherits keepalive.keep-alive.idle-timeout");
	}

	@Test
	void credentialsInAnInvalidBaseUrlAreMasked() {
		this.properties.setBaseUrl("ftp://user:secret@example.com");
		assertThatExceptionOfType(InvalidKeepAlivePropertyException.class)
			.isThrownBy(() -> this.mapper.mapDefaultClient(this.properties))
			.withMessageContaining("ftp://******@example.com")
			.withMessageNotContaining("secret");
	}

}
