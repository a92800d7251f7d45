package io.github.keepalive.client.settings;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link BaseUrl}: accepted URLs, masked user information, scheme, host and port.
 */
class BaseUrlTests {

	@Test
	void aUrlWithoutUserInformationIsKeptAsWritten() {
		BaseUrl baseUrl = BaseUrl.of("https://api.example.com/v1?q=1");
		assertThat(baseUrl.uri()).hasToString("https://api.example.com/v1?q=1");
		assertThat(baseUrl.userInfo()).isNull();
		assertThat(baseUrl).hasToString("https://api.example.com/v1?q=1");
	}

	@Test
	void userInformationIsKeptOutOfTheUrlRequestsGoTo() {
		BaseUrl baseUrl = BaseUrl.of("https://user:p%40ss@api.example.com:8443/v1?q=1");
		assertThat(baseUrl.uri()).hasToString("https://api.example.com:8443/v1?q=1");
		assertThat(baseUrl.uri().getUserInfo()).isNull();
		assertThat(baseUrl.userInfo()).as("decoded").isEqualTo("user:p@ss");
	}

	@Test
	void theRestOfAUrlWithUserInformationIsKeptExactlyAsWritten() {
		BaseUrl baseUrl = BaseUrl.of("https://user:pw@api.example.com/a%20b/c?next=%2Fhome&x=y#part");
		assertThat(baseUrl.uri()).hasToString("https://api.example.com/a%20b/c?next=%2Fhome&x=y#part");
		assertThat(baseUrl.uri().getRawPath()).isEqualTo("/a%20b/c");
		assertThat(baseUrl.uri().getRawQuery()).isEqualTo("next=%2Fhome&x=y");
	}

	@Test
	void aUserWithoutAPasswordIsUserInformationToo() {
		BaseUrl baseUrl = BaseUrl.of("https://token@api.example.com");
		assertThat(baseUrl.uri()).hasToString("https://api.example.com");
		assertThat(baseUrl.userInfo()).isEqualTo("token");
		assertThat(baseUrl).hasToString("https://******@api.example.com");
	}

	@Test
	void textMasksTheUserInformation() {
		BaseUrl baseUrl = BaseUrl.of("http://user:secret@api.example.com:8080/v1");
		assertThat(baseUrl).hasToString("http://******@api.example.com:8080/v1");
		assertThat(baseUrl.toString()).doesNotContain("user").doesNotContain("secret");
	}

	@Test
	void schemeAndHostAreLowerCase() {
		BaseUrl baseUrl = BaseUrl.of("HTTPS://API.Example.COM/V1");
		assertThat(baseUrl.scheme()).isEqualTo("https");
		assertThat(baseUrl.host()).isEqualTo("api.example.com");
		assertThat(baseUrl.uri().getPath()).as("the path keeps its case").isEqualTo("/V1");
	}

	@Test
	void thePortIsTheSchemesDefaultUnlessGiven() {
		assertThat(BaseUrl.of("http://api.example.com").port()).isEqualTo(80);
		assertThat(BaseUrl.of("https://api.example.com").port()).isEqualTo(443);
		assertThat(BaseUrl.of("HTTPS://api.example.com").port()).isEqualTo(443);
		assertThat(BaseUrl.of("http://api.example.com:8080").port()).isEqualTo(8080);
		assertThat(BaseUrl.of("https://api.example.com:80").port()).isEqualTo(80);
	}

	@Test
	void aRelativeUrlIsRejected() {
		assertRejected("/v1", "/v1", "must be an absolute http or https URL with a host");
		assertRejected("api.example.com", "api.example.com", "must be an absolute http or https URL with a host");
	}

	@Test
	void aUrlOfAnotherSchemeIsRejectedWithItsCredentialsMasked() {
		assertRejected("ftp://user:pw@example.com", "ftp://******@example.com",
				"must be an absolute http or https URL with a host");
		assertRejected("mailto:someone@example.com", "mailto:someone@example.com",
				"must be an absolute http or https URL with a host");
	}

	@Test
	void aUrlWithoutAHostIsRejected() {
		assertRejected("http:/v1", "http:/v1", "must be an absolute http or https URL with a host");
		assertRejected("https:api.example.com", "https:api.example.com",
				"must be an absolute http or https URL with a host");
	}

	@Test
	void aMalformedUrlIsRejectedWithTheReasonAndItsCredentialsMasked() {
		assertRejected("https://user:secret@exa mple.com", "https://******@exa mple.com",
				"must be a valid URL (Illegal character in authority)");
	}

	@Test
	void maskHidesTheUserInformationOfAUrlAsWritten() {
		assertThat(BaseUrl.mask("https://user:secret@api.example.com/v1"))
			.isEqualTo("https://******@api.example.com/v1");
		assertThat(BaseUrl.mask("ftp://user@example.com")).isEqualTo("ftp://******@example.com");
		assertThat(BaseUrl.mask("https://api.example.com/v1")).isEqualTo("https://api.example.com/v1");
	}

	@Test
	void maskHidesEveryPartOfAPasswordWithARawAtSignOrSlash() {
		assertThat(BaseUrl.mask("https://user:p@ssword@api.example.com/v1"))
			.isEqualTo("https://******@api.example.com/v1");
		assertThat(BaseUrl.mask("https://user:pa/ss@api.example.com/v1")).isEqualTo("https://******@api.example.com/v1");
		assertThat(BaseUrl.mask("https://user:pa?ss@api.example.com/v1")).isEqualTo("https://******@api.example.com/v1");
	}

	@Test
	void aRejectedUrlShowsNoPartOfARawPassword() {
		assertThatExceptionOfType(InvalidSettingException.class)
			.isThrownBy(() -> BaseUrl.of("https://user:p@ssword@api.example.com/v1"))
			.withMessageNotContaining("ssword")
			.withMessageNotContaining("user");
	}

	@Test
	void maskLeavesAnAtSignAfterTheHostAlone() {
		assertThat(BaseUrl.mask("https://api.example.com/users/a@b")).isEqualTo("https://api.example.com/users/a@b");
		assertThat(BaseUrl.mask("https://api.example.com?to=a@b")).isEqualTo("https://api.example.com?to=a@b");
		assertThat(BaseUrl.mask("https://api.example.com#a@b")).isEqualTo("https://api.example.com#a@b");
	}

	@Test
	void baseUrlsAreEqualWhenTheirUrlAndUserInformationAre() {
		BaseUrl baseUrl = BaseUrl.of("https://user:pw@api.example.com/v1");
		BaseUrl same = BaseUrl.of("https://user:pw@api.example.com/v1");
		assertThat(baseUrl).isEqualTo(same).hasSameHashCodeAs(same);
		assertThat(baseUrl).isNotEqualTo(BaseUrl.of("https://user:other@api.example.com/v1"));
		assertThat(baseUrl).isNotEqualTo(BaseUrl.of("https://api.example.com/v1"));
		assertThat(baseUrl).isNotEqualTo(BaseUrl.of("https://user:pw@api.example.com/v2"));
	}

	private static void assertRejected(String url, String shownAs, String requirement) {
		assertThatExceptionOfType(InvalidSettingException.class).isThrownBy(() -> BaseUrl.of(url))
			.withMessage("Invalid baseUrl '" + shownAs + "': " + requirement)
			.satisfies((ex) -> {
				assertThat(ex.getSetting()).isEqualTo(KeepAliveClientSettings.BASE_URL);
				assertThat(ex.getValue()).isEqualTo(shownAs);
				assertThat(ex.getLimitingSetting()).isNull();
			});
	}

}
