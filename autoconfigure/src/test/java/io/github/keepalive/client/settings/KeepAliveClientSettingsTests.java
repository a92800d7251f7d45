package io.github.keepalive.client.settings;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The invariants of {@link KeepAliveClientSettings}, which hold for settings built by
 * hand as for settings mapped from properties.
 */
class KeepAliveClientSettingsTests {

	private final KeepAliveClientSettings defaults = KeepAliveClientSettings.defaults("test");

	@Test
	void poolSizesMustBePositiveAndPerRouteWithinTotal() {
		PoolSettings pool = this.defaults.pool();
		assertInvalid(() -> pool.withLimits(0, 1), "pool.maxTotal", "must be at least 1");
		assertInvalid(() -> pool.withLimits(10, 0), "pool.maxPerRoute", "must be at least 1");
		InvalidSettingException ex = assertInvalid(() -> pool.withLimits(10, 11), "pool.maxPerRoute",
				"must not exceed pool.maxTotal (10)");
		assertThat(ex.getLimitingSetting()).isEqualTo(PoolSettings.MAX_TOTAL);
		InvalidSettingException aboveTotal = assertInvalid(() -> pool.withMaxPerHost(Map.of("api.example.com", 201)),
				"pool.maxPerHost[api.example.com]", "must not exceed pool.maxTotal (200)");
		assertThat(aboveTotal.getLimitingSetting()).isEqualTo(PoolSettings.MAX_TOTAL);
		// below 1, raising the total would not help: no limiting setting to name
		InvalidSettingException belowOne = assertInvalid(() -> pool.withMaxPerHost(Map.of("api.example.com", 0)),
				"pool.maxPerHost[api.example.com]", "must be at least 1");
		assertThat(belowOne.getLimitingSetting()).isNull();
		assertInvalid(() -> pool.withMaxPerHost(Map.of("api.example.com/path", 2)),
				"pool.maxPerHost[api.example.com/path]", "the key must be a host or host:port");
		assertThat(pool.withLimits(10, 10).maxPerRoute()).isEqualTo(10);
	}

	@Test
	void durationsMustBePositive() {
		assertInvalid(() -> this.defaults.pool().withLeaseTimeout(Duration.ZERO), "pool.leaseTimeout",
				"must be a positive duration");
		assertInvalid(() -> this.defaults.keepAlive().withValidateAfterInactivity(Duration.ofSeconds(-1)),
				"keepAlive.validateAfterInactivity", "must be a positive duration");
		assertInvalid(() -> new KeepAliveSettings(true, Duration.ZERO, Duration.ofMinutes(1),
				Duration.ofSeconds(1), Duration.ZERO), "keepAlive.idleTimeout", "must be a positive duration");
		assertInvalid(() -> this.defaults.keepAlive().withTimeToLive(Duration.ofSeconds(10), Duration.ofSeconds(10)),
				"keepAlive.timeToLiveJitter", "must be less than keepAlive.timeToLive (PT10S)");
		assertInvalid(() -> new WarmUpSettings(1, Duration.ZERO), "warmUp.timeout",
				"must be a positive duration");
		assertInvalid(() -> this.defaults.withHttp(this.defaults.http().withReadTimeout(Duration.ZERO)),
				"http.readTimeout", "must be a positive duration");
	}

	@Test
	void retriesAndProxyPort() {
		assertInvalid(() -> new KeepAliveClientSettings("test", null, Map.of(), this.defaults.pool(),
				this.defaults.keepAlive(), -1, null, this.defaults.http(), this.defaults.warmUp()), "maxRetries",
				"must be 0 or more");
		assertInvalid(() -> this.defaults.withWarmUp(new WarmUpSettings(51, Duration.ofSeconds(1))),
				"warmUp.connections", "must not exceed pool.maxPerRoute (50)");
		assertInvalid(() -> this.defaults.pool().withAdaptive(new AdaptiveSettings(true, 51)),
				"pool.adaptive.minPerRoute", "must not exceed pool.maxPerRoute (50)");
		assertThat(this.defaults.pool().withLimits(1, 1).adaptive().minPerRoute())
			.as("a floor above the limit only matters when the limit adapts")
			.isEqualTo(2);
		assertInvalid(() -> new ProxySettings("proxy", 0, null, null, List.of()), "proxy.port",
				"must be between 1 and 65535");
	}

	@Test
	void baseUrlKeepsCredentialsOutOfRequestsAndText() {
		BaseUrl baseUrl = BaseUrl.of("https://user:p%40ss@api.example.com:8443/v1?q=1");
		assertThat(baseUrl.uri()).hasToString("https://api.example.com:8443/v1?q=1");
		assertThat(baseUrl.userInfo()).isEqualTo("user:p@ss");
		assertThat(baseUrl).hasToString("https://******@api.example.com:8443/v1?q=1");
		assertThat(baseUrl.port()).isEqualTo(8443);
		assertThat(BaseUrl.of("http://example.com").port()).isEqualTo(80);
		assertInvalid(() -> BaseUrl.of("/relative"), "baseUrl", "must be an absolute http or https URL with a host");
		InvalidSettingException ex = assertInvalid(() -> BaseUrl.of("ftp://user:pw@example.com"), "baseUrl",
				"must be an absolute http or https URL with a host");
		assertThat(ex.getValue()).isEqualTo("ftp://******@example.com");
	}

	private static InvalidSettingException assertInvalid(Runnable action, String setting, String requirement) {
		InvalidSettingException[] thrown = new InvalidSettingException[1];
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(action::run).satisfies((ex) -> {
			assertThat(ex.getSetting().field(ex.getKey())).isEqualTo(setting);
			assertThat(ex.getRequirement(ClientSetting::field)).isEqualTo(requirement);
			assertThat(ex).hasMessageStartingWith("Invalid " + setting + " '");
			thrown[0] = ex;
		});
		return thrown[0];
	}

	@Test
	void aBuilderStartsFromTheSettingsAndChecksWhatItBuilds() {
		KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("orders");
		assertThat(settings.toBuilder().build()).isEqualTo(settings);
		assertThat(settings.pool().toBuilder().build()).isEqualTo(settings.pool());
		KeepAliveClientSettings changed = settings.toBuilder()
			.maxRetries(3)
			.pool(settings.pool().toBuilder().maxTotal(10).maxPerRoute(4).leaseTimeout(Duration.ofSeconds(2)).build())
			.build();
		assertThat(changed.maxRetries()).isEqualTo(3);
		assertThat(changed.pool().maxTotal()).isEqualTo(10);
		assertThat(changed.pool().maxPerRoute()).isEqualTo(4);
		assertThat(changed.pool().leaseTimeout()).isEqualTo(Duration.ofSeconds(2));
		assertThat(changed.keepAlive()).isEqualTo(settings.keepAlive());
		assertThat(changed.name()).isEqualTo("orders");
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> settings.pool().toBuilder().maxTotal(4).maxPerRoute(5).build())
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo(PoolSettings.MAX_PER_ROUTE));
	}

}
