package io.github.keepalive.autoconfigure;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

class SmokeTests {

	@Test
	void smoke() throws Exception {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		AtomicInteger n = new AtomicInteger();
		server.createContext("/", (ex) -> { n.incrementAndGet(); byte[] b = "ok".getBytes(); ex.sendResponseHeaders(200, b.length); ex.getResponseBody().write(b); ex.close(); });
		server.start();
		try {
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class, HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class))
				.withPropertyValues("keepalive.base-url=http://127.0.0.1:" + server.getAddress().getPort(), "keepalive.clients.other.pool.max-total=3")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					RestClient client = context.getBean(RestClient.class);
					for (int i = 0; i < 10; i++) {
						assertThat(client.get().uri("/x").retrieve().body(String.class)).isEqualTo("ok");
					}
					RestClient other = context.getBean("otherRestClient", RestClient.class);
					System.out.println("beans: " + java.util.Arrays.toString(context.getBeanNamesForType(RestClient.class)));
					RestClient built = context.getBean(RestClient.Builder.class).baseUrl("http://127.0.0.1:" + server.getAddress().getPort()).build();
					assertThat(built.get().uri("/y").retrieve().body(String.class)).isEqualTo("ok");
					System.out.println(context.getBean(io.github.keepalive.client.KeepAliveClients.class).getAll());
				});
			new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class, HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class))
				.withPropertyValues("keepalive.pool.max-per-route=500")
				.run((context) -> { assertThat(context).hasFailed(); context.getStartupFailure().printStackTrace(System.out); });
		}
		finally {
			server.stop(0);
		}
	}

}
