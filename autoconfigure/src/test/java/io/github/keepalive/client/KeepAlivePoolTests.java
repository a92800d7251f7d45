package io.github.keepalive.client;

import java.util.Map;

import io.github.keepalive.client.pool.PoolLimits;
import io.github.keepalive.client.settings.InvalidSettingException;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.PoolSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link KeepAlivePool}: the view of a client's pool, without a server.
 */
class KeepAlivePoolTests {

	private final KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("orders")
		.withPool(PoolSettings.DEFAULTS.withLimits(20, 5).withMaxPerHost(Map.of("api.example.com", 8)));

	@Test
	void aResizeChangesTheLiveLimitsAndKeepsThePerHostOnes() {
		try (KeepAliveHttpClient client = new KeepAliveHttpClientFactory().create(this.settings)) {
			KeepAlivePool pool = client.pool();
			assertThat(pool.limits()).isEqualTo(new PoolLimits(20, 5, Map.of("api.example.com", 8)));
			assertThat(pool.resize(30, null)).isEqualTo(new PoolLimits(30, 5, Map.of("api.example.com", 8)));
			assertThat(pool.resize(null, 9)).isEqualTo(new PoolLimits(30, 9, Map.of("api.example.com", 8)));
			assertThat(pool.totalStats().max()).isEqualTo(30);
		}
	}

	@Test
	void aResizeTheSettingsRejectChangesNothing() {
		try (KeepAliveHttpClient client = new KeepAliveHttpClientFactory().create(this.settings)) {
			KeepAlivePool pool = client.pool();
			assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> pool.resize(4, null))
				.satisfies((ex) -> {
					assertThat(ex.getSetting()).isEqualTo(PoolSettings.MAX_PER_ROUTE);
					assertThat(ex.getLimitingSetting()).isEqualTo(PoolSettings.MAX_TOTAL);
				});
			assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> pool.resize(6, 6))
				.satisfies((ex) -> assertThat(ex.getSetting()).as("the per-host limit above the new total")
					.isEqualTo(PoolSettings.MAX_PER_HOST));
			assertThat(pool.limits()).isEqualTo(new PoolLimits(20, 5, Map.of("api.example.com", 8)));
		}
	}

	@Test
	void aPoolWithoutLeasesHasNoAdviceNoLeaksAndNoConnections() {
		try (KeepAliveHttpClient client = new KeepAliveHttpClientFactory().create(this.settings)) {
			KeepAlivePool pool = client.pool();
			assertThat(pool.advice()).isEmpty();
			assertThat(pool.leaks()).isEmpty();
			assertThat(pool.connections().opened()).isZero();
			assertThat(pool.stats().routes()).isEmpty();
			assertThat(pool.adaptiveLimits()).as("fixed limits").isEmpty();
		}
	}

}
