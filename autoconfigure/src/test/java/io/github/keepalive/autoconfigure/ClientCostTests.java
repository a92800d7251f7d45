package io.github.keepalive.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * What clients cost: threads and pools do not grow with the number of clients or of
 * request settings, and the pools that connection settings may add are bounded.
 */
class ClientCostTests {

	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner()
		.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());

	@AfterEach
	void closeServer() {
		this.server.close();
	}

	@Test
	void thirtyNamedClientsAddAtMostTwoThreadsOverOne() {
		int withOne = threadsWithNamedClients(1);
		int withThirty = threadsWithNamedClients(30);
		assertThat(withThirty - withOne).as("threads of 30 named clients minus those of 1").isLessThanOrEqualTo(2);
	}

	private int threadsWithNamedClients(int count) {
		List<String> properties = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			properties.add("keepalive.clients.client" + i + ".base-url=" + this.server.baseUrl());
		}
		int[] threads = new int[1];
		this.contextRunner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			for (int i = 0; i < count; i++) {
				context.getBean("client" + i + "RestClient", RestClient.class)
					.get()
					.uri("/")
					.retrieve()
					.toBodilessEntity();
			}
			threads[0] = clientSideThreads();
		});
		return threads[0];
	}

	// the loopback server runs a thread per connection: those are not the clients' cost
	private static int clientSideThreads() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !thread.getName().startsWith("loopback-http-"))
			.count();
	}

	@Test
	void aThousandDistinctReadTimeoutsCreateNoPoolAndNoThread() {
		this.contextRunner.run((context) -> {
			ClientHttpRequestFactoryBuilder<?> builder = context.getBean(ClientHttpRequestFactoryBuilder.class);
			KeepAliveClients clients = context.getBean(KeepAliveClients.class);
			context.getBean(RestClient.class).get().uri("/").retrieve().toBodilessEntity();
			int threads = clientSideThreads();
			for (int i = 1; i <= 1000; i++) {
				HttpClientSettings settings = HttpClientSettings.defaults()
					.withReadTimeout(Duration.ofMillis(1000 + i));
				RestClient client = RestClient.builder().requestFactory(builder.build(settings)).build();
				if (i % 100 == 0) {
					client.get().uri(this.server.url("/")).retrieve().toBodilessEntity();
				}
			}
			assertThat(clients.getAll()).extracting(KeepAliveHttpClient::getName).containsExactly("default");
			assertThat(clientSideThreads()).isLessThanOrEqualTo(threads);
			assertThat(this.server.acceptedConnections()).as("all on the default client's one connection").isOne();
		});
	}

	@Test
	void connectionSettingsAddAtMostTheStatedNumberOfPools() {
		this.contextRunner.run((context) -> {
			ClientHttpRequestFactoryBuilder<?> builder = context.getBean(ClientHttpRequestFactoryBuilder.class);
			for (int i = 1; i <= KeepAliveClients.MAX_DERIVED_CLIENTS; i++) {
				builder.build(HttpClientSettings.defaults().withConnectTimeout(Duration.ofMillis(1000 + i)))
					.createRequest(URI.create(this.server.url("/")), HttpMethod.GET)
					.execute()
					.close();
			}
			assertThat(context.getBean(KeepAliveClients.class).getAll())
				.hasSize(1 + KeepAliveClients.MAX_DERIVED_CLIENTS);
			assertThatIllegalStateException()
				.isThrownBy(() -> builder.build(HttpClientSettings.defaults().withConnectTimeout(Duration.ofMillis(1))))
				.withMessageContaining("More than " + KeepAliveClients.MAX_DERIVED_CLIENTS)
				.withMessageContaining("keepalive.clients.<name>");
		});
	}

}
