package io.github.keepalive.test;

import java.util.LinkedHashMap;
import java.util.Map;

import io.github.keepalive.autoconfigure.KeepAliveAutoConfiguration;
import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.pool.PoolUsage;

import org.springframework.boot.Banner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.HttpClientAutoConfiguration;
import org.springframework.boot.http.client.autoconfigure.imperative.ImperativeHttpClientAutoConfiguration;
import org.springframework.boot.restclient.autoconfigure.RestClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Shared set-up and assertions of the tests that run the auto-configured clients against
 * a {@link LoopbackHttpServer}.
 */
public final class KeepAliveTestSupport {

	private KeepAliveTestSupport() {
	}

	/**
	 * A context runner with the keep-alive auto-configuration and the Spring Boot
	 * auto-configurations it works with.
	 * @return the runner
	 */
	public static ApplicationContextRunner contextRunner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(KeepAliveAutoConfiguration.class,
				HttpClientAutoConfiguration.class, ImperativeHttpClientAutoConfiguration.class,
				RestClientAutoConfiguration.class, SslAutoConfiguration.class));
	}

	/**
	 * Runs an application from the given configuration, without a web server, banner or
	 * start-up information, as a user's would start.
	 * @param configuration the configuration, e.g. one extending
	 * {@link AutoConfiguredApplication}
	 * @param args the command-line arguments
	 */
	public static void runApplication(Class<?> configuration, String... args) {
		application(configuration).run(args).close();
	}

	/**
	 * Runs an application as {@link #runApplication(Class, String...)} does, in the given
	 * environment, such as one whose {@code systemEnvironment} source holds variables of
	 * the test's own.
	 * @param environment the environment
	 * @param configuration the configuration
	 * @param args the command-line arguments
	 * @return the started application's context, for the caller to close
	 */
	public static ConfigurableApplicationContext runApplication(ConfigurableEnvironment environment,
			Class<?> configuration, String... args) {
		SpringApplication application = application(configuration);
		application.setEnvironment(environment);
		return application.run(args);
	}

	private static SpringApplication application(Class<?> configuration) {
		SpringApplication application = new SpringApplication(configuration);
		application.setWebApplicationType(WebApplicationType.NONE);
		application.setBannerMode(Banner.Mode.OFF);
		application.setLogStartupInfo(false);
		return application;
	}

	/**
	 * Like {@code withPropertyValues}, but splits each pair at its first '=' only, so keys
	 * such as {@code max-per-host.[127.0.0.1:8080]} keep their colon.
	 * @param runner the runner
	 * @param pairs {@code name=value} pairs
	 * @return a runner with the properties
	 */
	public static ApplicationContextRunner withProperties(ApplicationContextRunner runner, String... pairs) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String pair : pairs) {
			int equals = pair.indexOf('=');
			properties.put(pair.substring(0, equals), pair.substring(equals + 1));
		}
		return runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("test-" + properties.hashCode(), properties)));
	}

	/**
	 * Asserts that no client of the context holds a leased connection or has a caller
	 * waiting for one.
	 * @param context the context
	 */
	public static void assertNoLeases(ApplicationContext context) {
		for (KeepAliveHttpClient client : context.getBean(KeepAliveClients.class).getAll()) {
			PoolUsage stats = client.pool().totalStats();
			assertThat(stats.leased()).as("leased connections of client '%s'", client.getName()).isZero();
			assertThat(stats.pending()).as("pending leases of client '%s'", client.getName()).isZero();
		}
	}

	/**
	 * The first exception of the given type in a cause chain.
	 * @param <T> the type
	 * @param failure the failure
	 * @param type the type
	 * @return the cause or {@code null}
	 */
	public static <T extends Throwable> T findCause(Throwable failure, Class<T> type) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			if (type.isInstance(candidate)) {
				return type.cast(candidate);
			}
		}
		return null;
	}

	/**
	 * An application with the keep-alive auto-configuration and the Spring Boot
	 * auto-configurations it works with, and nothing else.
	 */
	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration({ KeepAliveAutoConfiguration.class, HttpClientAutoConfiguration.class,
			ImperativeHttpClientAutoConfiguration.class, RestClientAutoConfiguration.class,
			SslAutoConfiguration.class })
	public static class AutoConfiguredApplication {

	}

}
