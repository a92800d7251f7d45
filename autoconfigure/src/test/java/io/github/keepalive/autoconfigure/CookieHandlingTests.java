package io.github.keepalive.autoconfigure;

import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code spring.http.clients.cookie-handling} on a real loopback server that sets a
 * cookie: as with Boot's own client, {@code disable} sends none back, from any starter
 * client; otherwise each request factory keeps its own cookies, never shared with
 * another's.
 */
class CookieHandlingTests {

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start()
		.responseHeader("Set-Cookie", "session=caller-a; Path=/");

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner();

	@Test
	void disabledCookieHandlingSendsNoCookieFromAnyClient() {
		this.contextRunner
			.withPropertyValues("spring.http.clients.cookie-handling=disable",
					"keepalive.base-url=" + this.server.baseUrl())
			.run((context) -> {
				RestClient primary = context.getBean(RestClient.class);
				RestClient fromBuilder = context.getBean(RestClient.Builder.class).baseUrl(this.server.baseUrl()).build();
				for (RestClient client : new RestClient[] { primary, fromBuilder, primary, fromBuilder }) {
					client.get().uri("/cookies").retrieve().toBodilessEntity();
				}
				assertThat(this.server.recordedRequests()).hasSize(4)
					.allSatisfy((request) -> assertThat(request.header("Cookie")).isNull());
			});
	}

	@Test
	void enabledCookiesStayWithTheClientThatReceivedThem() {
		this.contextRunner.withPropertyValues("keepalive.base-url=" + this.server.baseUrl()).run((context) -> {
			RestClient primary = context.getBean(RestClient.class);
			primary.get().uri("/set").retrieve().toBodilessEntity();
			primary.get().uri("/again").retrieve().toBodilessEntity();
			RestClient other = context.getBean(RestClient.Builder.class).baseUrl(this.server.baseUrl()).build();
			other.get().uri("/other").retrieve().toBodilessEntity();
			assertThat(this.server.recordedRequests().get(1).header("Cookie")).isEqualTo("session=caller-a");
			assertThat(this.server.recordedRequests().get(2).header("Cookie")).as("another client's request").isNull();
		});
	}

}
