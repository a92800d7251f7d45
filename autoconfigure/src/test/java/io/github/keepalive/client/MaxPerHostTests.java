package io.github.keepalive.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.autoconfigure.KeepAliveAutoConfiguration;
import io.github.keepalive.test.ConcurrentCallers;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code pool.max-per-host.[host:port]} and {@code pool.max-per-host.[host]} override the
 * per-route limit for one downstream only, as two loopback servers on different ports see.
 */
class MaxPerHostTests {

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class, SslAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class));

	@RegisterExtension
	private final LoopbackHttpServer limited = LoopbackHttpServer.start().echoPath();

	@RegisterExtension
	private final LoopbackHttpServer other = LoopbackHttpServer.start().echoPath();

	@Test
	void maxPerHostOverridesThePerRouteLimitForThatDownstreamOnly() {
		runner(Map.of("keepalive.pool.max-per-route", "6",
				"keepalive.pool.max-per-host.[127.0.0.1:" + this.limited.getPort() + "]", "2"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				callBothServersAtOnce(context.getBean(RestClient.class));
				assertThat(this.limited.maxOpenConnections()).as("connections open at once to the limited host")
					.isEqualTo(2);
				assertThat(this.limited.acceptedConnections()).isEqualTo(2);
				assertThat(this.other.maxOpenConnections()).as("connections open at once to another host").isEqualTo(6);
				assertThat(this.other.acceptedConnections()).isEqualTo(6);
			});
	}

	@Test
	void hostKeyCoversEveryPortAndHostAndPortKeyWins() {
		runner(Map.of("keepalive.pool.max-per-route", "6", "keepalive.pool.max-per-host.[127.0.0.1]", "2",
				"keepalive.pool.max-per-host.[127.0.0.1:" + this.other.getPort() + "]", "4"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				callBothServersAtOnce(context.getBean(RestClient.class));
				assertThat(this.limited.maxOpenConnections()).as("host key, on a port of its own").isEqualTo(2);
				assertThat(this.other.maxOpenConnections()).as("host:port key").isEqualTo(4);
			});
	}

	@Test
	void namedClientInheritsMaxPerHostAndAddsItsOwn() {
		runner(Map.of("keepalive.pool.max-per-route", "6",
				"keepalive.pool.max-per-host.[127.0.0.1:" + this.limited.getPort() + "]", "2",
				"keepalive.clients.named.pool.max-per-host.[127.0.0.1:" + this.other.getPort() + "]", "3"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				callBothServersAtOnce(context.getBean("namedRestClient", RestClient.class));
				assertThat(this.limited.maxOpenConnections()).as("inherited limit").isEqualTo(2);
				assertThat(this.other.maxOpenConnections()).as("the named client's own limit").isEqualTo(3);
				assertThat(context.getBean(KeepAliveClients.class).get("default").getSettings().pool().maxPerHost())
					.containsOnlyKeys("127.0.0.1:" + this.limited.getPort());
			});
	}

	/**
	 * A runner with the given properties. Keys with ':' need bracket notation, and a
	 * property source: "k=v" strings split at ':'.
	 */
	private ApplicationContextRunner runner(Map<String, Object> properties) {
		return this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("max-per-host", properties)));
	}

	/** 12 callers to each server at once, each request held 200 ms by the server. */
	private void callBothServersAtOnce(RestClient client) throws Exception {
		CompletableFuture<List<String>> toLimited = CompletableFuture.supplyAsync(() -> call(12,
				() -> client.get().uri(this.limited.baseUrl() + "/limited?delay=200").retrieve().body(String.class)));
		List<String> toOther = call(12,
				() -> client.get().uri(this.other.baseUrl() + "/other?delay=200").retrieve().body(String.class));
		assertThat(toLimited.get(CALL_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).hasSize(12).containsOnly("/limited");
		assertThat(toOther).hasSize(12).containsOnly("/other");
	}

	private static <T> List<T> call(int callers, java.util.concurrent.Callable<T> call) {
		try {
			return ConcurrentCallers.results(callers, CALL_TIMEOUT, call);
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

}
