package io.github.keepalive.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.http.HttpMethod;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The lifecycle of the clients: closing the context closes every connection and stops the
 * eviction thread; threads and pools do not grow with the number of clients or of request
 * settings; the pools that connection settings add are bounded.
 */
class KeepAliveLifecycleTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

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

	// the loopback server runs a thread per connection, and the JVM starts and stops JIT
	// compiler threads as it likes: neither is the clients' cost
	private static int clientSideThreads() {
		return (int) Thread.getAllStackTraces()
			.keySet()
			.stream()
			.filter((thread) -> thread.isAlive() && !thread.getName().startsWith("loopback-http-")
					&& !thread.getName().contains("CompilerThread"))
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

	@Test
	void closingTheContextClosesEveryConnectionAndStopsEvictorThreads() {
		assertThat(evictorThreads()).isEmpty();
		this.contextRunner.withPropertyValues("keepalive.clients.other.base-url=" + this.server.baseUrl())
			.run((context) -> {
				RestClient restClient = context.getBean(RestClient.class);
				RestClient other = context.getBean("otherRestClient", RestClient.class);
				this.server.holdResponses();
				CompletableFuture<?>[] calls = new CompletableFuture<?>[6];
				for (int i = 0; i < calls.length; i++) {
					RestClient client = (i % 2 == 0) ? restClient : other;
					calls[i] = CompletableFuture.runAsync(() -> client.get().uri("/").retrieve().toBodilessEntity(),
							(task) -> new Thread(task).start());
				}
				this.server.awaitRequests(6, TIMEOUT);
				this.server.releaseResponses();
				CompletableFuture.allOf(calls).get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				assertThat(this.server.openConnections()).isEqualTo(6);
				// one eviction thread serves every pool
				assertThat(evictorThreads()).containsExactly("keepalive-evictor");
			});
		this.server.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.server.connectionsClosedByClient()).isEqualTo(6);
		assertThat(this.server.connectionsClosedByServer()).isZero();
		assertThat(evictorThreads()).isEmpty();
	}

	@Test
	void requestFactoriesWithAnotherReadTimeoutShareTheDefaultPool() {
		this.contextRunner.run((context) -> {
			callThroughTwoFactories(context, HttpClientSettings.defaults().withReadTimeout(Duration.ofSeconds(3)));
			assertThat(this.server.acceptedConnections()).isOne();
			KeepAliveClients clients = context.getBean(KeepAliveClients.class);
			// a read timeout is applied per request: no pool of its own
			assertThat(clients.getAll()).extracting(KeepAliveHttpClient::getName).containsExactly("default");
			assertThat(clients.get("default").pool().totalStats().available()).isOne();
		});
		this.server.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.server.connectionsClosedByClient()).isOne();
	}

	@Test
	void requestFactoriesWithAnotherConnectTimeoutShareAPoolOfTheirOwnClosedWithTheContext() {
		this.contextRunner.run((context) -> {
			callThroughTwoFactories(context, HttpClientSettings.defaults().withConnectTimeout(Duration.ofSeconds(3)));
			assertThat(this.server.acceptedConnections()).isOne();
			KeepAliveClients clients = context.getBean(KeepAliveClients.class);
			assertThat(clients.getAll()).extracting(KeepAliveHttpClient::getName)
				.containsExactly("default", "default-1");
			assertThat(clients.get("default-1").pool().totalStats().available()).isOne();
			assertThat(clients.get("default").pool().totalStats().available()).isZero();
		});
		this.server.awaitOpenConnections(0, TIMEOUT);
		assertThat(this.server.connectionsClosedByClient()).isOne();
	}

	private static List<String> evictorThreads() {
		return liveThreads().stream()
			.map(Thread::getName)
			.filter((name) -> name.startsWith("keepalive-evictor"))
			.collect(Collectors.toList());
	}

	private static Set<Thread> liveThreads() {
		return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).collect(Collectors.toSet());
	}

	// two request factories built for the same settings, ten requests through each
	private void callThroughTwoFactories(ApplicationContext context, HttpClientSettings settings) {
		ClientHttpRequestFactoryBuilder<?> builder = context.getBean(ClientHttpRequestFactoryBuilder.class);
		RestClient first = RestClient.builder().requestFactory(builder.build(settings)).build();
		RestClient second = RestClient.builder().requestFactory(builder.build(settings)).build();
		for (int i = 0; i < 10; i++) {
			first.get().uri(this.server.url("/")).retrieve().toBodilessEntity();
			second.get().uri(this.server.url("/")).retrieve().toBodilessEntity();
		}
	}

}
