package io.github.keepalive.client;

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
		KeepAliveClientSettings.Pool pool = this.defaults.pool();
		assertInvalid(() -> pool.withLimits(0, 1), "pool.max-total", "must be at least 1");
		assertInvalid(() -> pool.withLimits(10, 0), "pool.max-per-route", "must be at least 1");
		InvalidSettingException ex = assertInvalid(() -> pool.withLimits(10, 11), "pool.max-per-route",
				"must not exceed pool.max-total (10)");
		assertThat(ex.getLimitingSetting()).isEqualTo("pool.max-total");
		assertInvalid(() -> pool.withMaxPerHost(Map.of("api.example.com", 201)), "pool.max-per-host.api.example.com",
				"must be between 1 and pool.max-total (200)");
		assertInvalid(() -> pool.withMaxPerHost(Map.of("api.example.com/path", 2)),
				"pool.max-per-host.api.example.com/path", "the key must be a host or host:port");
		assertThat(pool.withLimits(10, 10).maxPerRoute()).isEqualTo(10);
	}

	@Test
	void durationsMustBePositive() {
		assertInvalid(() -> this.defaults.pool().withLeaseTimeout(Duration.ZERO), "pool.lease-timeout",
				"must be a positive duration");
		assertInvalid(() -> this.defaults.keepAlive().withValidateAfterInactivity(Duration.ofSeconds(-1)),
				"keep-alive.validate-after-inactivity", "must be a positive duration");
		assertInvalid(() -> new KeepAliveClientSettings.KeepAlive(true, Duration.ZERO, Duration.ofMinutes(1),
				Duration.ofSeconds(1), Duration.ZERO), "keep-alive.idle-timeout", "must be a positive duration");
		assertInvalid(() -> this.defaults.keepAlive().withTimeToLive(Duration.ofSeconds(10), Duration.ofSeconds(10)),
				"keep-alive.time-to-live-jitter", "must be less than keep-alive.time-to-live (PT10S)");
		assertInvalid(() -> new KeepAliveClientSettings.WarmUp(1, Duration.ZERO), "warm-up.timeout",
				"must be a positive duration");
		assertInvalid(() -> this.defaults.withHttp(this.defaults.http().withReadTimeout(Duration.ZERO)),
				"read-timeout", "must be a positive duration");
	}

	@Test
	void retriesAndProxyPort() {
		assertInvalid(() -> new KeepAliveClientSettings("test", null, Map.of(), this.defaults.pool(),
				this.defaults.keepAlive(), -1, null, this.defaults.http(), this.defaults.warmUp()), "retry.max-retries",
				"must be 0 or more");
		assertInvalid(() -> this.defaults.withWarmUp(new KeepAliveClientSettings.WarmUp(51, Duration.ofSeconds(1))),
				"warm-up.connections", "must not exceed pool.max-per-route (50)");
		assertInvalid(() -> this.defaults.pool().withAdaptive(new KeepAliveClientSettings.Adaptive(true, 51)),
				"pool.adaptive.min-per-route", "must not exceed pool.max-per-route (50)");
		assertThat(this.defaults.pool().withLimits(1, 1).adaptive().minPerRoute())
			.as("a floor above the limit only matters when the limit adapts")
			.isEqualTo(2);
		assertInvalid(() -> new KeepAliveClientSettings.Proxy("proxy", 0, null, null, List.of()), "proxy.port",
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
		assertInvalid(() -> BaseUrl.of("/relative"), "base-url", "must be an absolute http or https URL with a host");
		InvalidSettingException ex = assertInvalid(() -> BaseUrl.of("ftp://user:pw@example.com"), "base-url",
				"must be an absolute http or https URL with a host");
		assertThat(ex.getValue()).isEqualTo("ftp://******@example.com");
	}

	private static InvalidSettingException assertInvalid(Runnable action, String setting, String requirement) {
		InvalidSettingException[] thrown = new InvalidSettingException[1];
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(action::run).satisfies((ex) -> {
			assertThat(ex.getSetting()).isEqualTo(setting);
			assertThat(ex.getRequirement((name) -> name)).isEqualTo(requirement);
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
			.satisfies((ex) -> assertThat(ex.getSetting()).isEqualTo("pool.max-per-route"));
	}

}
