package io.github.keepalive.autoconfigure;

import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.List;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveRequestAttributes;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;
import io.github.keepalive.test.LoopbackHttpServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.service.HttpServiceClientPropertiesAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.service.HttpServiceClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.service.annotation.GetExchange;
import org.springframework.web.service.registry.ImportHttpServices;

import static io.github.keepalive.test.KeepAliveTestSupport.findCause;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The {@link KeepAliveRequestAttributes#READ_TIMEOUT} request attribute: that request's
 * read timeout, on every kind of starter client, on the client's own pool and pooled
 * connections, against a loopback server that answers late.
 */
class PerRequestReadTimeoutTests {

	private static final Duration SHORT_READ_TIMEOUT = Duration.ofMillis(300);

	/** How late the server answers the slow requests: far beyond the short read timeout. */
	private static final int SERVER_DELAY_MILLIS = 1200;

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start().echoPath();

	private ApplicationContextRunner runner() {
		// no read-timeout set: every client has the default (30s)
		return KeepAliveTestSupport.contextRunner()
			.withConfiguration(AutoConfigurations.of(HttpServiceClientPropertiesAutoConfiguration.class,
					HttpServiceClientAutoConfiguration.class))
			.withUserConfiguration(HttpServices.class)
			.withPropertyValues("keepalive.base-url=" + this.server.baseUrl(),
					"keepalive.clients.github.base-url=" + this.server.baseUrl(),
					"spring.http.serviceclient.github.base-url=" + this.server.baseUrl());
	}

	@Test
	void attributeTimesOutThatRequestAloneOnTheClientsPool() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			RestClient client = context.getBean(RestClient.class);
			List<String> pools = poolNames(context);
			// slow, default read timeout: answered
			assertThat(Caller.DEFAULT.slow(context, null)).isEqualTo("/slow");
			// slow, the attribute's 300ms: times out, where the default read timeout answered
			long start = System.nanoTime();
			assertReadTimedOut(() -> Caller.DEFAULT.slow(context, SHORT_READ_TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - start))
				.isGreaterThanOrEqualTo(SHORT_READ_TIMEOUT.minusMillis(50));
			// slow again, default read timeout: answered, the attribute did not stick
			assertThat(Caller.DEFAULT.slow(context, null)).isEqualTo("/slow");
			assertThat(client.get().uri("/fast").retrieve().body(String.class)).isEqualTo("/fast");
			List<RecordedRequest> requests = this.server.recordedRequests();
			assertThat(requests).extracting(RecordedRequest::path).containsExactly("/slow", "/slow", "/slow", "/fast");
			// the first two shared a connection; the timed-out one was discarded, so one new
			// connection carried the last two
			assertThat(requests.get(1).connectionId()).isEqualTo(requests.get(0).connectionId());
			assertThat(requests.get(3).connectionId()).isEqualTo(requests.get(2).connectionId());
			assertThat(this.server.acceptedConnections()).isEqualTo(2);
			assertThat(poolNames(context)).isEqualTo(pools).containsExactly("default", "github");
			KeepAliveTestSupport.assertNoLeases(context);
		});
	}

	@ParameterizedTest
	@EnumSource
	void everyStarterClientAppliesTheAttributeOnItsPooledConnection(Caller caller) {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			List<String> pools = poolNames(context);
			assertThat(caller.slow(context, null)).isEqualTo("/slow");
			// a fast answer within the attribute's timeout, on the same connection
			assertThat(caller.fast(context, SHORT_READ_TIMEOUT)).isEqualTo("/fast");
			assertThat(this.server.acceptedConnections()).as("connections for the answered requests").isOne();
			assertReadTimedOut(() -> caller.slow(context, SHORT_READ_TIMEOUT));
			assertThat(this.server.recordedRequests()).hasSize(3)
				.extracting(RecordedRequest::connectionId)
				.containsOnly(this.server.recordedRequests().get(0).connectionId());
			assertThat(poolNames(context)).as("no pool of its own").isEqualTo(pools);
			assertThat(context.getBean(KeepAliveClients.class).get(caller.clientName).pool().leases().leases())
				.as("leases of client '%s'", caller.clientName)
				.isEqualTo(3);
			KeepAliveTestSupport.assertNoLeases(context);
		});
	}

	@Test
	void attributeThatIsNoDurationFailsTheRequestNamingTheAttribute() {
		runner().run((context) -> {
			RestClient client = context.getBean(RestClient.class);
			assertThatIllegalArgumentException()
				.isThrownBy(() -> client.get()
					.uri("/fast")
					.attribute(KeepAliveRequestAttributes.READ_TIMEOUT, 300)
					.retrieve()
					.toBodilessEntity())
				.withMessageContaining("'keepalive.read-timeout'")
				.withMessageContaining("Duration");
			assertThat(this.server.requests()).isZero();
		});
	}

	private static void assertReadTimedOut(Runnable request) {
		assertThatException().isThrownBy(request::run)
			.isInstanceOf(ResourceAccessException.class)
			.satisfies((ex) -> assertThat(findCause(ex, SocketTimeoutException.class)).isNotNull());
	}

	private static List<String> poolNames(ApplicationContext context) {
		return context.getBean(KeepAliveClients.class).getAll().stream().map(KeepAliveHttpClient::getName).toList();
	}

	/**
	 * Each kind of starter client, calling the server's slow and fast paths, with the read
	 * timeout attribute when one is given.
	 */
	enum Caller {

		DEFAULT("default"), NAMED("github"), NAMED_BUILDER("github"), BOOT_BUILDER("default"), SERVICE_GROUP("github");

		private final String clientName;

		Caller(String clientName) {
			this.clientName = clientName;
		}

		String slow(ApplicationContext context, @Nullable Duration readTimeout) {
			if (this == SERVICE_GROUP) {
				return context.getBean(GitHubService.class).call("slow", SERVER_DELAY_MILLIS, readTimeout);
			}
			return call(context, "/slow?delay=" + SERVER_DELAY_MILLIS, readTimeout);
		}

		String fast(ApplicationContext context, @Nullable Duration readTimeout) {
			if (this == SERVICE_GROUP) {
				return context.getBean(GitHubService.class).call("fast", 0, readTimeout);
			}
			return call(context, "/fast", readTimeout);
		}

		private String call(ApplicationContext context, String uri, @Nullable Duration readTimeout) {
			RestClient.RequestHeadersSpec<?> request = restClient(context).get().uri(uri);
			if (readTimeout != null) {
				request.attribute(KeepAliveRequestAttributes.READ_TIMEOUT, readTimeout);
			}
			return request.retrieve().body(String.class);
		}

		private RestClient restClient(ApplicationContext context) {
			return switch (this) {
				case DEFAULT -> context.getBean(RestClient.class);
				case NAMED -> context.getBean("githubRestClient", RestClient.class);
				case NAMED_BUILDER -> context.getBean("githubRestClientBuilder", RestClient.Builder.class).build();
				case BOOT_BUILDER -> context.getBean(RestClient.Builder.class)
					.baseUrl(context.getEnvironment().getRequiredProperty("keepalive.base-url"))
					.build();
				case SERVICE_GROUP -> throw new IllegalStateException("An HTTP service, not a RestClient");
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ImportHttpServices(group = "github", types = GitHubService.class)
	static class HttpServices {

	}

	interface GitHubService {

		@GetExchange("/{path}")
		String call(@PathVariable String path,
				@RequestParam("delay") int delayMillis,
				@RequestAttribute(name = KeepAliveRequestAttributes.READ_TIMEOUT, required = false)
				@Nullable Duration readTimeout);

	}

}
