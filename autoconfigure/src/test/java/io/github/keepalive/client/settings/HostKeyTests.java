package io.github.keepalive.client.settings;

import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link HostKey}: parsing {@code pool.max-per-host} keys, and the targets they match.
 */
class HostKeyTests {

	@Test
	void aHostStandsForEveryPort() {
		assertThat(HostKey.parse("api.example.com")).isEqualTo(new HostKey("api.example.com", -1));
	}

	@Test
	void aHostAndPortStandsForThatPort() {
		assertThat(HostKey.parse("api.example.com:8443")).isEqualTo(new HostKey("api.example.com", 8443));
	}

	@Test
	void theHostIsLowerCase() {
		assertThat(HostKey.parse("API.Example.COM:443")).isEqualTo(new HostKey("api.example.com", 443));
	}

	@Test
	void addressesAreHostsToo() {
		assertThat(HostKey.parse("10.0.0.7:8080")).isEqualTo(new HostKey("10.0.0.7", 8080));
		assertThat(HostKey.parse("[::1]:8080")).isEqualTo(new HostKey("[::1]", 8080));
	}

	@Test
	void aHostMatchesItsTargetsOnEveryPortAndScheme() {
		HostKey key = HostKey.parse("api.example.com");
		assertThat(key.matches(new HttpHost("https", "api.example.com", 443))).isTrue();
		assertThat(key.matches(new HttpHost("http", "api.example.com", 8080))).isTrue();
		assertThat(key.matches(new HttpHost("https", "API.EXAMPLE.COM", 443))).as("case").isTrue();
		assertThat(key.matches(new HttpHost("https", "other.example.com", 443))).isFalse();
		assertThat(key.matches(new HttpHost("https", "sub.api.example.com", 443))).as("a subdomain").isFalse();
	}

	@Test
	void aHostAndPortMatchesThatPortOnly() {
		HostKey key = HostKey.parse("api.example.com:8443");
		assertThat(key.matches(new HttpHost("https", "api.example.com", 8443))).isTrue();
		assertThat(key.matches(new HttpHost("http", "api.example.com", 8443))).as("either scheme").isTrue();
		assertThat(key.matches(new HttpHost("https", "api.example.com", 443))).isFalse();
		assertThat(key.matches(new HttpHost("https", "other.example.com", 8443))).isFalse();
	}

	@Test
	void aKeyWithAPathIsRejected() {
		assertRejected("api.example.com/v1");
	}

	@Test
	void aKeyWithUserInformationIsRejected() {
		assertRejected("user@api.example.com");
	}

	@Test
	void aKeyWithAQueryOrFragmentIsRejected() {
		assertRejected("api.example.com?x=1");
		assertRejected("api.example.com#top");
	}

	@Test
	void aKeyWithASchemeIsRejected() {
		assertRejected("https://api.example.com");
	}

	@Test
	void aKeyWhosePortIsNotANumberIsRejected() {
		assertRejected("api.example.com:https");
	}

	@Test
	void aKeyWithAnEmptyOrOutOfRangePortIsRejected() {
		// both parse as URIs, and would name a route that never matches
		assertRejected("api.example.com:");
		assertRejected("api.example.com:70000");
		assertThat(HostKey.parse("api.example.com:65535").port()).isEqualTo(65535);
	}

	@Test
	void anEmptyOrMalformedKeyIsRejected() {
		assertRejected("");
		assertRejected("api example.com");
	}

	private static void assertRejected(String key) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> HostKey.parse(key))
			.withMessage("Invalid pool.maxPerHost[" + key + "] '" + key + "': the key must be a host or host:port")
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo(PoolSettings.MAX_PER_HOST);
				assertThat(ex.getKey()).isEqualTo(key);
				assertThat(ex.getValue()).isEqualTo(key);
				assertThat(ex.getLimitingSetting()).isNull();
			});
	}

}
