package io.github.keepalive.benchmarks.jmh;

import java.net.URI;
import java.util.concurrent.TimeUnit;

import io.github.keepalive.benchmarks.server.BenchServer;
import io.github.keepalive.client.KeepAliveClientSettings;
import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.KeepAliveHttpClientFactory;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.core5.http.io.entity.EntityUtils;
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

import org.springframework.web.client.RestClient;

/**
 * What Spring's {@link RestClient} adds to a request over the starter's HttpClient 5, one
 * caller, one kept-alive connection to an in-process {@link BenchServer} ({@code /ping},
 * 200 bytes): {@code bare} calls the HttpClient directly, {@code restclient-uri} goes
 * through a {@code RestClient} with a ready {@link URI}, {@code restclient-string} with a
 * URI string, as most application code does (the string is parsed as a URI template on
 * every call). The server's share of the round trip is the same in all three, so the
 * differences are the client layer's. Add {@code -prof gc} for allocation per request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 1, jvmArgsAppend = { "-Xms256m", "-Xmx256m" })
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Threads(1)
public class RestClientLayerBenchmark {

	@Param({ "bare", "restclient-uri", "restclient-string" })
	public String client;

	private BenchServer server;

	private KeepAliveHttpClient httpClient;

	private RestClient restClient;

	private String url;

	private URI uri;

	@Setup(Level.Trial)
	public void setUp() throws Exception {
		this.server = new BenchServer(0, 0, 0, null, null);
		this.server.start();
		this.url = "http://127.0.0.1:" + this.server.httpPort() + "/ping";
		this.uri = URI.create(this.url);
		this.httpClient = new KeepAliveHttpClientFactory().create(KeepAliveClientSettings.defaults("jmh"));
		this.restClient = RestClient.builder().requestFactory(this.httpClient.createRequestFactory()).build();
	}

	@TearDown(Level.Trial)
	public void tearDown() {
		this.httpClient.close();
		this.server.close();
	}

	@Benchmark
	public byte[] get() throws Exception {
		return switch (this.client) {
			case "bare" -> this.httpClient.getHttpClient()
				.execute(new HttpGet(this.uri), (response) -> EntityUtils.toByteArray(response.getEntity()));
			case "restclient-uri" -> this.restClient.get().uri(this.uri).retrieve().body(byte[].class);
			case "restclient-string" -> this.restClient.get().uri(this.url).retrieve().body(byte[].class);
			default -> throw new IllegalStateException(this.client);
		};
	}

}
