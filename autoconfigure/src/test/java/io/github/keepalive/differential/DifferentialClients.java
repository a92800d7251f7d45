package io.github.keepalive.differential;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;

import io.github.keepalive.test.KeepAliveTestSupport;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.web.client.RestClient;

/**
 * Runs a differential scenario on one side: in a real Spring context with default
 * properties (plus the scenario's own, the same for both sides), either through the
 * starter's clients or through Spring Boot's own HttpClient 5 client with the starter
 * switched off ({@code keepalive.enabled=false}: Boot's {@code RestClientAutoConfiguration}
 * and {@code HttpClientAutoConfiguration} then pick HttpComponents).
 * <p>
 * Differences by design, compared only where they apply:
 * <ul>
 * <li>pool sizes: the starter's 200 in all and 50 per route, HttpClient's 25 and 5 under
 * Boot: connections are compared per caller at peak ({@link ClientSide#leasedAtPeak}), and
 * requests per connection only where both pools hold every caller; failed POSTs under a
 * server that closes connections, one per connection at most, are compared per caller at
 * peak too;</li>
 * <li>lease timeout: 5 s against 3 minutes: no scenario waits for a lease that long;</li>
 * <li>no retry of 429 and 503 by the starter (HttpClient's default strategy retries them):
 * no scenario answers them;</li>
 * <li>stale connections, connection time-to-live and limits: the starter checks a reused
 * connection before writing to it, so where the server closed idle connections the
 * starter's better figure is asserted, not only Boot's.</li>
 * </ul>
 * Throughput is logged, never asserted.
 */
final class DifferentialClients {

	private DifferentialClients() {
	}

	/**
	 * A context runner for one side, with the given properties.
	 * @param side the side
	 * @param properties {@code name=value} pairs, the same for both sides
	 * @return the runner
	 */
	static ApplicationContextRunner contextRunner(ClientSide side, String... properties) {
		ApplicationContextRunner runner = KeepAliveTestSupport.contextRunner();
		if (side == ClientSide.BOOT) {
			runner = runner.withPropertyValues("keepalive.enabled=false");
		}
		return KeepAliveTestSupport.withProperties(runner, properties);
	}

	/**
	 * Runs a scenario on one side against a base URL and returns what it measured.
	 * @param <T> the figures' type
	 * @param side the side
	 * @param baseUrl the server's base URL
	 * @param properties {@code name=value} pairs, the same for both sides
	 * @param scenario the scenario, given the side's clients
	 * @return the scenario's figures
	 */
	static <T> T run(ClientSide side, String baseUrl, List<String> properties, Function<Clients, T> scenario) {
		List<String> all = new ArrayList<>(properties);
		if (side == ClientSide.STARTER) {
			all.add("keepalive.base-url=" + baseUrl);
		}
		AtomicReference<T> figures = new AtomicReference<>();
		contextRunner(side, all.toArray(String[]::new)).run((context) -> {
			if (context.getStartupFailure() != null) {
				throw new AssertionError(side + ": the context did not start", context.getStartupFailure());
			}
			figures.set(scenario.apply(Clients.of(side, context.getSourceApplicationContext(), baseUrl)));
		});
		return figures.get();
	}

	/**
	 * The clients of one side. For the starter, the {@code @Primary RestClient} and a
	 * {@code RestClient} from the {@code RestClient.Builder} Boot hands out; for Boot's
	 * client, which has no {@code RestClient} bean, two from its builder.
	 *
	 * @param side the side
	 * @param context the application context
	 * @param primary the client callers use first
	 * @param fromBuilder a client built from Boot's {@code RestClient.Builder}
	 */
	record Clients(ClientSide side, ConfigurableApplicationContext context, RestClient primary,
			RestClient fromBuilder) {

		static Clients of(ClientSide side, ConfigurableApplicationContext context, String baseUrl) {
			RestClient fromBuilder = context.getBean(RestClient.Builder.class).baseUrl(baseUrl).build();
			RestClient primary = (side == ClientSide.STARTER) ? context.getBean(RestClient.class)
					: context.getBean(RestClient.Builder.class).baseUrl(baseUrl).build();
			return new Clients(side, context, primary, fromBuilder);
		}

		/**
		 * Every client of the side.
		 * @return the clients
		 */
		List<RestClient> all() {
			return List.of(this.primary, this.fromBuilder);
		}

	}

}
