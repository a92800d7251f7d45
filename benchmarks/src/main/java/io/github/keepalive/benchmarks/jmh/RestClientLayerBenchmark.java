package io.github.keepalive.benchmarks.jmh;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.benchmarks.server.BenchServer;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.metrics.KeepAliveClientMetrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.io.CloseMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.boot.http.client.HttpComponentsHttpClientBuilder;
import org.springframework.web.client.RestClient;

/**
 * What each layer adds to a request, one caller, one kept-alive connection to an
 * in-process {@link BenchServer} ({@code /ping}, 200 bytes): {@code plain-hc5} is
 * HttpClient 5 with a plain pooling connection manager of the same size, nothing of the
 * starter; {@code boot-hc5} the HttpClient Spring Boot's own builder makes (its 5/25 pool,
 * which one caller never fills); {@code bare} the starter's HttpClient 5 (its interceptors, instrumented
 * connections, keep-alive and retry strategies) called directly; {@code bare-metered} the
 * same with the starter's meters bound to a registry; {@code restclient-uri} goes through
 * a {@code RestClient} with a ready {@link URI}, {@code restclient-string} with a URI
 * string, as most application code does (the string is parsed as a URI template on every
 * call). The server's share of the round trip is the same in all, so the differences are
 * the client layers'. Add {@code -prof gc} for allocation per request, and
 * {@code -p keepAliveRequests=1} for a new connection on every request (the server closes
 * each after one response), so that the differences are what each client spends on a new
 * connection.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms256m", "-Xmx256m" })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Threads(1)
public class RestClientLayerBenchmark {

	@Param({ "plain-hc5", "boot-hc5", "bare", "bare-metered", "restclient-uri", "restclient-string" })
	public String client;

	/** Requests the server serves on a connection before closing it; 0 for no limit. */
	@Param({ "0" })
	public int keepAliveRequests;

	private BenchServer server;

	private KeepAliveHttpClient httpClient;

	private CloseableHttpClient plainHttpClient;

	private CloseableHttpClient bootHttpClient;

	private RestClient restClient;

	private String url;

	private URI uri;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.server = new BenchServer(0, 0, 0, null, null);
		this.server.start();
		this.url = "http://127.0.0.1:" + this.server.httpPort() + "/ping"
				+ ((this.keepAliveRequests > 0) ? "?keep-alive-requests=" + this.keepAliveRequests : "");
		this.uri = URI.create(this.url);
		KeepAliveClientSettings settings = KeepAliveClientSettings.defaults("jmh");
		KeepAliveHttpClientFactory factory = new KeepAliveHttpClientFactory();
		if (this.client.equals("bare-metered")) {
			factory = factory.withObservers(List.of(new KeepAliveClientMetrics(new SimpleMeterRegistry())));
		}
		this.httpClient = factory.create(settings);
		this.plainHttpClient = HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(settings.pool().maxTotal())
				.setMaxConnPerRoute(settings.pool().maxPerRoute())
				.build())
			.build();
		this.bootHttpClient = new HttpComponentsHttpClientBuilder().build(settings.http());
		this.restClient = RestClient.builder().requestFactory(this.httpClient.createRequestFactory()).build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.httpClient.close();
		this.plainHttpClient.close(CloseMode.IMMEDIATE);
		this.bootHttpClient.close(CloseMode.IMMEDIATE);
		this.server.close();
	}

	@Benchmark
	public byte[] get() throws Exception {
		return switch (this.client) {
			case "plain-hc5" -> this.plainHttpClient.execute(new HttpGet(this.uri),
					(response) -> EntityUtils.toByteArray(response.getEntity()));
			case "boot-hc5" -> this.bootHttpClient.execute(new HttpGet(this.uri),
					(response) -> EntityUtils.toByteArray(response.getEntity()));
			case "bare", "bare-metered" -> this.httpClient.getHttpClient()
				.execute(new HttpGet(this.uri), (response) -> EntityUtils.toByteArray(response.getEntity()));
			case "restclient-uri" -> this.restClient.get().uri(this.uri).retrieve().body(byte[].class);
			case "restclient-string" -> this.restClient.get().uri(this.url).retrieve().body(byte[].class);
			default -> throw new IllegalStateException(this.client);
		};
	}

}
