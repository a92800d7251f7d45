package io.github.keepalive.benchmarks.client;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;

import io.github.keepalive.client.KeepAliveClients;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.pool.AdaptiveLimitAlgorithm;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.client.ClientHttpRequestFactory;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.web.client.RestClient;

/**
 * The clients compared. Every variant but {@link #STARTER_FACTORY_HC5} and {@link #HC5} is a
 * {@link RestClient} from a real Spring Boot application context (web application type
 * none, with Actuator and a Prometheus registry), configured by properties only, exactly
 * as an application would get it.
 */
public enum Variant {

	/** The starter's auto-configured {@code @Primary RestClient}, with every default. */
	STARTER("starter", "the starter's @Primary RestClient, defaults (200 total / 50 per route, STRICT, LIFO)"),

	/** The starter with {@code keepalive.pool.adaptive.enabled=true}: its own algorithm. */
	STARTER_ADAPTIVE("starter-adaptive",
			"the starter with keepalive.pool.adaptive.enabled=true: per-route limit from 2 to 50, Vegas"),

	/** The adaptive starter with Netflix's gradient limit instead, to compare algorithms. */
	STARTER_ADAPTIVE_GRADIENT("starter-adaptive-gradient",
			"the adaptive starter with the Gradient2 algorithm (KeepAliveHttpClientFactory.withAdaptiveLimitAlgorithm)"),

	/** The adaptive starter with Netflix's AIMD limit instead, to compare algorithms. */
	STARTER_ADAPTIVE_AIMD("starter-adaptive-aimd",
			"the adaptive starter with the AIMD algorithm (KeepAliveHttpClientFactory.withAdaptiveLimitAlgorithm)"),

	/**
	 * Spring Boot's own {@code RestClient.Builder} over HttpClient 5, as an application
	 * without the starter gets it: 25 total / 5 per route.
	 */
	BOOT_HC5("boot-hc5", "Spring Boot's RestClient.Builder, HttpClient 5 (its default 25 total / 5 per route pool)"),

	/** Spring Boot's {@code RestClient.Builder} when HttpClient 5 is absent: the JDK client. */
	BOOT_JDK("boot-jdk", "Spring Boot's RestClient.Builder, JDK HttpClient (Boot's pick without HttpClient 5)"),

	/** The starter with {@code keepalive.keep-alive.enabled=false}: a connection per request. */
	CONN_PER_REQUEST("conn-per-req", "the starter with keepalive.keep-alive.enabled=false (Connection: close)"),

	/** The starter's HttpClient 5 with the same pool and policies, called without RestClient. */
	STARTER_FACTORY_HC5("starter-factory-hc5",
			"the HttpClient 5 of the starter's own KeepAliveHttpClientFactory (its pool and policies), called without RestClient"),

	/**
	 * The baseline: Boot's {@code RestClient.Builder} (starter off) over a plain HttpClient 5
	 * pool with the starter's sizes and timeouts.
	 */
	RESTCLIENT_HC5("restclient-hc5",
			"Spring Boot's RestClient.Builder (keepalive.enabled=false) over a plain PoolingHttpClientConnectionManager "
					+ "built with HttpClient's builders, the starter's pool sizes and timeouts (200 / 50)"),

	/** A second instance of {@link #RESTCLIENT_HC5}: the A/A control. */
	RESTCLIENT_HC5_B("restclient-hc5-b", "restclient-hc5 again, in a JVM of its own: the A/A control"),

	/** The baseline's HttpClient 5 without Spring. */
	HC5("hc5", "the same plain HttpClient 5 pool as restclient-hc5, without Spring: execute + EntityUtils");

	/** Ids of variants renamed since, for reading the reports of older runs. */
	private static final Map<String, Variant> RENAMED = Map.of("bare-hc5", STARTER_FACTORY_HC5);

	/** The SSL bundle name the variants trust the server's certificate through. */
	static final String SSL_BUNDLE = "bench";

	private static final Map<String, String> ADAPTIVE = Map.of("keepalive.pool.adaptive.enabled", "true");

	private final String id;

	private final String description;

	Variant(String id, String description) {
		this.id = id;
		this.description = description;
	}

	public String id() {
		return this.id;
	}

	public String description() {
		return this.description;
	}

	/**
	 * The variant with the given id.
	 * @param id the id, e.g. {@code starter}
	 * @return the variant
	 */
	public static Variant of(String id) {
		Variant renamed = RENAMED.get(id.toLowerCase(Locale.ROOT));
		if (renamed != null) {
			return renamed;
		}
		return Arrays.stream(values())
			.filter((variant) -> variant.id.equalsIgnoreCase(id) || variant.name().equalsIgnoreCase(id))
			.findFirst()
			.orElseThrow(() -> new IllegalArgumentException(
					"Unknown variant '" + id + "'; known: " + Arrays.stream(values()).map(Variant::id).toList()));
	}

	/**
	 * Builds a fresh client of this variant: its own pool, nothing shared with an earlier
	 * one.
	 * @param trustedCertificate the PEM certificate the client trusts for HTTPS
	 * @param starterProperties extra {@code keepalive.*} properties for the starter's
	 * variants ({@code starter}, {@code conn-per-req}), to try other settings
	 * @return the client, to be closed after use
	 */
	public ClientUnderTest create(Path trustedCertificate, Map<String, String> starterProperties) {
		return switch (this) {
			case STARTER -> springClient(trustedCertificate, starterProperties, Map.of(), null);
			case STARTER_ADAPTIVE -> springClient(trustedCertificate, starterProperties, ADAPTIVE, null);
			case STARTER_ADAPTIVE_GRADIENT -> springClient(trustedCertificate, starterProperties, ADAPTIVE,
					AdaptiveLimitAlgorithm.GRADIENT2);
			case STARTER_ADAPTIVE_AIMD -> springClient(trustedCertificate, starterProperties, ADAPTIVE,
					AdaptiveLimitAlgorithm.AIMD);
			case CONN_PER_REQUEST -> springClient(trustedCertificate, starterProperties,
					Map.of("keepalive.keep-alive.enabled", "false"), null);
			case BOOT_HC5 -> bootClient(trustedCertificate, "http-components", 5);
			case BOOT_JDK -> bootClient(trustedCertificate, "jdk", -1);
			case STARTER_FACTORY_HC5 -> starterFactoryClient(trustedCertificate);
			case RESTCLIENT_HC5, RESTCLIENT_HC5_B -> restClientOverPlainPool(trustedCertificate);
			case HC5 -> {
				CloseableHttpClient httpClient = PlainHttpClient5.create(trustedCertificate);
				yield new HttpClient5UnderTest(httpClient, PlainHttpClient5.maxPerRoute(), () -> close(httpClient));
			}
		};
	}

	private static Map<String, Object> commonProperties(Path trustedCertificate) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("spring.main.banner-mode", "off");
		properties.put("spring.main.log-startup-info", "false");
		properties.put("logging.level.root", "WARN");
		properties.put("spring.ssl.bundle.pem." + SSL_BUNDLE + ".truststore.certificate",
				"file:" + trustedCertificate.toAbsolutePath());
		return properties;
	}

	private static ClientUnderTest springClient(Path trustedCertificate, Map<String, String> starterProperties,
			Map<String, String> variantProperties, AdaptiveLimitAlgorithm algorithm) {
		Map<String, Object> properties = commonProperties(trustedCertificate);
		properties.put("keepalive.ssl.bundle", SSL_BUNDLE);
		properties.putAll(starterProperties);
		properties.putAll(variantProperties);
		ConfigurableApplicationContext context = start(properties, algorithm);
		InstrumentationCheck.requireStarterMeters(context);
		RestClient restClient = context.getBean(RestClient.class);
		KeepAliveHttpClient client = context.getBean(KeepAliveClients.class)
			.get(KeepAliveClientSettings.DEFAULT_CLIENT_NAME);
		int maxPerRoute = client.getSettings().keepAlive().enabled() ? client.getSettings().pool().maxPerRoute() : -1;
		return new RestClientUnderTest(restClient, maxPerRoute,
				() -> client.pool().adaptiveLimits().values().stream().mapToInt(Integer::intValue).max().orElse(-1),
				context::close);
	}

	private static ClientUnderTest bootClient(Path trustedCertificate, String factory, int maxPerRoute) {
		Map<String, Object> properties = commonProperties(trustedCertificate);
		properties.put("keepalive.enabled", "false");
		properties.put("spring.http.clients.imperative.factory", factory);
		properties.put("spring.http.clients.ssl.bundle", SSL_BUNDLE);
		ConfigurableApplicationContext context = start(properties, null);
		// What Boot's RestClient.Builder bean does (RestClientBuilderConfigurer), with the
		// request factory taken from the context so that closing the context closes it
		ClientHttpRequestFactory requestFactory = context.getBean(ClientHttpRequestFactory.class);
		RestClient restClient = context.getBean(RestClient.Builder.class).requestFactory(requestFactory).build();
		return new RestClientUnderTest(restClient, maxPerRoute, () -> -1, context::close);
	}

	/**
	 * Boot's {@code RestClient.Builder} with the starter off, over the plain pool: the
	 * request path holds Spring and HttpClient 5 only.
	 */
	private static ClientUnderTest restClientOverPlainPool(Path trustedCertificate) {
		Map<String, Object> properties = commonProperties(trustedCertificate);
		properties.put("keepalive.enabled", "false");
		ConfigurableApplicationContext context = start(properties, null);
		HttpComponentsClientHttpRequestFactory requestFactory = new HttpComponentsClientHttpRequestFactory(
				PlainHttpClient5.create(trustedCertificate));
		RestClient restClient = context.getBean(RestClient.Builder.class).requestFactory(requestFactory).build();
		return new RestClientUnderTest(restClient, PlainHttpClient5.maxPerRoute(), () -> -1, () -> {
			close(requestFactory::destroy);
			context.close();
		});
	}

	private static void close(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Starts the application; with an algorithm, the auto-configured
	 * {@link KeepAliveHttpClientFactory} moves adaptive limits with it (a bean post
	 * processor, since the algorithm is the library's choice, not a property).
	 */
	private static ConfigurableApplicationContext start(Map<String, Object> properties,
			AdaptiveLimitAlgorithm algorithm) {
		SpringApplicationBuilder application = new SpringApplicationBuilder(BenchApplication.class)
			.web(WebApplicationType.NONE)
			.properties(properties)
			.registerShutdownHook(false);
		if (algorithm != null) {
			application.initializers((context) -> context.getBeanFactory().addBeanPostProcessor(new BeanPostProcessor() {

				@Override
				public Object postProcessAfterInitialization(Object bean, String beanName) {
					return (bean instanceof KeepAliveHttpClientFactory factory)
							? factory.withAdaptiveLimitAlgorithm(algorithm) : bean;
				}

			}));
		}
		ConfigurableApplicationContext context = application.run();
		InstrumentationCheck.requirePrometheus(context);
		return context;
	}

	private static ClientUnderTest starterFactoryClient(Path trustedCertificate) {
		SslBundle bundle = SslBundle.of(new PemSslStoreBundle(null,
				PemSslStoreDetails.forCertificate("file:" + trustedCertificate.toAbsolutePath())));
		// the starter's defaults, timeouts included (a timed read costs more than an untimed one)
		KeepAliveClientSettings defaults = KeepAliveClientSettings.defaults("starter-factory");
		KeepAliveClientSettings settings = defaults.withHttp(defaults.http().withSslBundle(bundle));
		KeepAliveHttpClient client = new KeepAliveHttpClientFactory().create(settings);
		return new HttpClient5UnderTest(client.getHttpClient(), settings.pool().maxPerRoute(), client::close);
	}

	/**
	 * A {@link RestClient} under test.
	 */
	private static final class RestClientUnderTest implements ClientUnderTest {

		private final RestClient restClient;

		private final int maxPerRoute;

		private final IntSupplier limit;

		private final Runnable onClose;

		RestClientUnderTest(RestClient restClient, int maxPerRoute, IntSupplier limit, Runnable onClose) {
			this.restClient = restClient;
			this.maxPerRoute = maxPerRoute;
			this.limit = limit;
			this.onClose = onClose;
		}

		@Override
		public byte[] get(String url) {
			return this.restClient.get().uri(url).retrieve().body(byte[].class);
		}

		@Override
		public int maxConnectionsPerRoute() {
			return this.maxPerRoute;
		}

		@Override
		public int currentLimit() {
			return this.limit.getAsInt();
		}

		@Override
		public void close() {
			this.onClose.run();
		}

	}

	/**
	 * The application whose auto-configured beans the Spring variants use.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class BenchApplication {

	}

}
