package io.github.keepalive.metrics;

import java.io.IOException;
import java.net.InetAddress;

import io.github.keepalive.autoconfigure.KeepAliveAutoConfiguration;
import io.github.keepalive.autoconfigure.KeepAliveMetricsAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServer;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A server's own keep-alive limit, as the meters show it: an embedded Tomcat with its
 * defaults ends a connection after 100 requests ({@code server.tomcat.max-keep-alive-requests}),
 * which the client counts as {@code closed-by-server}, 100 requests each.
 */
class ServerKeepAliveLimitTests {

	@Test
	void tomcatsDefaultLimitOf100RequestsShowsAsClosedByServer() {
		TomcatServletWebServerFactory factory = new TomcatServletWebServerFactory(0);
		factory.setAddress(InetAddress.getLoopbackAddress());
		WebServer tomcat = factory.getWebServer((servletContext) -> servletContext.addServlet("ok", new OkServlet())
			.addMapping("/ok"));
		tomcat.start();
		try {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class,
						KeepAliveMetricsAutoConfiguration.class, HttpClientAutoConfiguration.class,
						ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class))
				.withBean(MeterRegistry.class, () -> registry)
				.withPropertyValues("keepalive.base-url=http://127.0.0.1:" + tomcat.getPort())
				.run((context) -> {
					RestClient client = context.getBean(RestClient.class);
					for (int i = 0; i < 250; i++) {
						assertThat(client.get().uri("/ok").retrieve().body(String.class)).isEqualTo("ok");
					}
					assertThat(registry.get(KeepAliveMeters.CONNECTIONS_OPENED).counter().count()).isEqualTo(3);
					assertThat(registry.get(KeepAliveMeters.CONNECTIONS_CLOSED)
						.tag("reason", "closed-by-server")
						.counter()
						.count()).isEqualTo(2);
					assertThat(registry.find(KeepAliveMeters.CONNECTIONS_CLOSED)
						.counters()
						.stream()
						.filter((counter) -> !"closed-by-server".equals(counter.getId().getTag("reason")))
						.mapToDouble((counter) -> counter.count())
						.sum()).as("connections closed for another reason").isZero();
					HistogramSnapshot perConnection = registry.get(KeepAliveMeters.CONNECTION_REQUESTS)
						.summary()
						.takeSnapshot();
					assertThat(perConnection.count()).isEqualTo(2);
					assertThat(perConnection.total()).isEqualTo(200);
					assertThat(perConnection.max()).isEqualTo(100);
				});
		}
		finally {
			tomcat.stop();
		}
	}

	static class OkServlet extends HttpServlet {

		@Override
		protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
			response.setContentType("text/plain");
			response.getWriter().write("ok");
		}

	}

}
