package io.github.keepalive.sample;

import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample app's endpoints as the tests call them over HTTP.
 */
final class SampleEndpoints {

	private SampleEndpoints() {
	}

	/** {@code GET /demo}: one demo run's figures. */
	static DemoReport demo(RestTestClient client) {
		DemoReport report = client.get()
			.uri("/demo")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(DemoReport.class)
			.returnResult()
			.getResponseBody();
		assertThat(report).isNotNull();
		return report;
	}

	/** {@code GET /actuator/prometheus}: the scrape text. */
	static String prometheus(RestTestClient client) {
		String scrape = client.get()
			.uri("/actuator/prometheus")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(String.class)
			.returnResult()
			.getResponseBody();
		assertThat(scrape).isNotNull();
		return scrape;
	}

}
