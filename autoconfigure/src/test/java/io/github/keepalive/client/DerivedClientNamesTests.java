package io.github.keepalive.client;

import java.time.Duration;
import java.util.Set;

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
		assertThat(nameFor("default", CLIENT.withSslBundle(this.bundle))).isEqualTo("default-1");
		assertThat(nameFor("default", CLIENT.withConnectTimeout(Duration.ofSeconds(1))))
			.isEqualTo("default-2");
	}

	@Test
	void theSameConnectionSettingsGetTheSameName() {
		String name = nameFor("orders", CLIENT.withSslBundle(this.bundle));
		assertThat(nameFor("orders", CLIENT.withSslBundle(this.bundle))).isEqualTo(name);
		assertThat(nameFor("orders",
				CLIENT.withSslBundle(this.bundle).withReadTimeout(Duration.ofSeconds(2)).withRedirects(
						HttpRedirects.DONT_FOLLOW)))
			.as("settings that do not change connections")
			.isEqualTo(name);
	}

	@Test
	void theSameSettingsOnAnotherClientGetAnotherName() {
		String orders = nameFor("orders", CLIENT.withSslBundle(this.bundle));
		String payments = nameFor("payments", CLIENT.withSslBundle(this.bundle));
		assertThat(payments).startsWith("payments-").isNotEqualTo(orders);
		assertThat(nameFor("orders", CLIENT.withSslBundle(this.bundle))).isEqualTo(orders);
	}

	@Test
	void noMoreThanTheBoundOfDistinctSettingsGetANameOfTheirOwn() {
		nameFor("orders", CLIENT.withConnectTimeout(Duration.ofSeconds(1)));
		nameFor("orders", CLIENT.withConnectTimeout(Duration.ofSeconds(2)));
		nameFor("payments", CLIENT.withConnectTimeout(Duration.ofSeconds(3)));
		assertThatIllegalStateException()
			.isThrownBy(() -> nameFor("orders", CLIENT.withConnectTimeout(Duration.ofSeconds(4))))
			.withMessage("More than 3 distinct SSL bundles, connect timeouts or address filters asked for pools of "
					+ "their own (orders and others). Declare a named client (keepalive.clients.<name>) for each "
					+ "downstream instead.");
		assertThat(nameFor("orders", CLIENT.withConnectTimeout(Duration.ofSeconds(2))))
			.as("settings named before the bound was reached")
			.isEqualTo("orders-2");
	}

	@Test
	void aDerivedClientIsNeverNamedLikeAClientThatExists() {
		Set<String> named = Set.of("api", "api-1");
		assertThat(this.names.nameFor("api", CLIENT.withSslBundle(this.bundle), named::contains)).isEqualTo("api-2");
		assertThat(this.names.nameFor("api-1", CLIENT.withSslBundle(this.bundle), named::contains))
			.isEqualTo("api-1-1");
	}

	@Test
	void eachClientNumbersItsOwnDerivedClients() {
		assertThat(nameFor("orders", CLIENT.withSslBundle(this.bundle))).isEqualTo("orders-1");
		assertThat(nameFor("payments", CLIENT.withSslBundle(this.bundle))).isEqualTo("payments-1");
	}

	private String nameFor(String clientName, HttpClientSettings settings) {
		return this.names.nameFor(clientName, settings, (name) -> false);
	}

}
