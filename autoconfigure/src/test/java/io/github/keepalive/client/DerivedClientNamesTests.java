package io.github.keepalive.client;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.boot.http.client.InetAddressFilter;
import org.springframework.boot.ssl.SslBundle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * {@link DerivedClientNames}: which settings get a pool of their own, and its name.
 */
class DerivedClientNamesTests {

	private static final HttpClientSettings CLIENT = HttpClientSettings.defaults()
		.withConnectTimeout(Duration.ofSeconds(5))
		.withReadTimeout(Duration.ofSeconds(30));

	private final SslBundle bundle = SslBundle.of(null);

	private final DerivedClientNames names = new DerivedClientNames(3);

	@Test
	void settingsThatLeaveConnectionsAloneConnectAlike() {
		assertThat(DerivedClientNames.connectAlike(CLIENT, CLIENT)).isTrue();
		assertThat(DerivedClientNames.connectAlike(CLIENT.withReadTimeout(Duration.ofSeconds(1)), CLIENT)).isTrue();
		assertThat(DerivedClientNames.connectAlike(CLIENT.withRedirects(HttpRedirects.DONT_FOLLOW), CLIENT)).isTrue();
	}

	@Test
	void anSslBundleAConnectTimeoutOrAnAddressFilterOfTheirOwnDoNotConnectAlike() {
		assertThat(DerivedClientNames.connectAlike(CLIENT.withSslBundle(this.bundle), CLIENT)).isFalse();
		assertThat(DerivedClientNames.connectAlike(CLIENT, CLIENT.withSslBundle(this.bundle))).isFalse();
		assertThat(DerivedClientNames.connectAlike(CLIENT.withConnectTimeout(Duration.ofSeconds(1)), CLIENT))
			.isFalse();
		assertThat(DerivedClientNames.connectAlike(CLIENT.withInetAddressFilter(InetAddressFilter.externalAddresses()),
				CLIENT))
			.isFalse();
		assertThat(DerivedClientNames.connectAlike(CLIENT.withSslBundle(this.bundle),
				CLIENT.withSslBundle(this.bundle).withReadTimeout(Duration.ofSeconds(2))))
			.as("the same bundle")
			.isTrue();
	}

	@Test
	void derivedClientsAreNumberedAfterTheClientTheyDeriveFrom() {
		assertThat(this.names.nameFor("default", CLIENT.withSslBundle(this.bundle))).isEqualTo("default-1");
		assertThat(this.names.nameFor("default", CLIENT.withConnectTimeout(Duration.ofSeconds(1))))
			.isEqualTo("default-2");
	}

	@Test
	void theSameConnectionSettingsGetTheSameName() {
		String name = this.names.nameFor("orders", CLIENT.withSslBundle(this.bundle));
		assertThat(this.names.nameFor("orders", CLIENT.withSslBundle(this.bundle))).isEqualTo(name);
		assertThat(this.names.nameFor("orders",
				CLIENT.withSslBundle(this.bundle).withReadTimeout(Duration.ofSeconds(2)).withRedirects(
						HttpRedirects.DONT_FOLLOW)))
			.as("settings that do not change connections")
			.isEqualTo(name);
	}

	@Test
	void theSameSettingsOnAnotherClientGetAnotherName() {
		String orders = this.names.nameFor("orders", CLIENT.withSslBundle(this.bundle));
		String payments = this.names.nameFor("payments", CLIENT.withSslBundle(this.bundle));
		assertThat(payments).startsWith("payments-").isNotEqualTo(orders);
		assertThat(this.names.nameFor("orders", CLIENT.withSslBundle(this.bundle))).isEqualTo(orders);
	}

	@Test
	void noMoreThanTheBoundOfDistinctSettingsGetANameOfTheirOwn() {
		this.names.nameFor("orders", CLIENT.withConnectTimeout(Duration.ofSeconds(1)));
		this.names.nameFor("orders", CLIENT.withConnectTimeout(Duration.ofSeconds(2)));
		this.names.nameFor("payments", CLIENT.withConnectTimeout(Duration.ofSeconds(3)));
		assertThatIllegalStateException()
			.isThrownBy(() -> this.names.nameFor("orders", CLIENT.withConnectTimeout(Duration.ofSeconds(4))))
			.withMessage("More than 3 distinct SSL bundles, connect timeouts or address filters asked for pools of "
					+ "their own (orders and others). Declare a named client (keepalive.clients.<name>) for each "
					+ "downstream instead.");
		assertThat(this.names.nameFor("orders", CLIENT.withConnectTimeout(Duration.ofSeconds(2))))
			.as("settings named before the bound was reached")
			.isEqualTo("orders-2");
	}

}
