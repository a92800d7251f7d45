package io.github.keepalive.sample;

import java.util.Locale;
import java.util.Map;

import io.github.keepalive.sample.DemoReport.ClientMeters;
import io.github.keepalive.sample.DemoReport.ClientRun;
import io.github.keepalive.sample.DemoReport.Comparison;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.requests=40", "demo.concurrency=2" })
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Autowired
	private RestTestClient client;

	@Autowired
	private HttpsConnector httpsConnector;

	@Autowired
	private RestClient defaultClient;

	@Autowired
	@Qualifier(KeepAliveDemo.HTTPS_KEEP_ALIVE_CLIENT)
	private RestClient httpsKeepAlive;

	@ParameterizedTest
	@EnumSource
	void keepAliveReusesConnectionsAndPerRequestOpensOneForEachRequest(Scheme scheme) {
		Comparison comparison = scheme.of(demo());
		ClientRun keepAlive = comparison.keepAlive();
		assertThat(keepAlive.client()).isEqualTo(scheme.keepAliveClient);
		assertThat(keepAlive.url()).startsWith(scheme.name().toLowerCase(Locale.ROOT) + "://127.0.0.1:").endsWith("/downstream");
		assertThat(keepAlive.concurrency()).isEqualTo(2);
		assertThat(keepAlive.requests()).isEqualTo(40);
		// At most one connection per thread sending requests, reused for all the others
		assertThat(keepAlive.connections()).isBetween(1, 2);
		ClientRun perRequest = comparison.perRequest();
		assertThat(perRequest.client()).isEqualTo(scheme.perRequestClient);
		assertThat(perRequest.url()).isEqualTo(keepAlive.url());
		assertThat(perRequest.concurrency()).isEqualTo(2);
		assertThat(perRequest.requests()).isEqualTo(40);
		assertThat(perRequest.connections()).isEqualTo(40);
	}

	@ParameterizedTest
	@EnumSource
	void keepAliveMetersCountWhatTheServerCounted(Scheme scheme) {
		ClientRun run = scheme.of(demo()).keepAlive();
		ClientMeters meters = run.meters();
		assertThat(meters.connectionsOpened()).isEqualTo(run.connections()).isBetween(1L, 2L);
		assertThat(meters.requests()).isEqualTo(40);
		assertThat(meters.requestsPerConnection()).isEqualTo(40.0 / meters.connectionsOpened());
		// Connections stay pooled after the run: none closed, none served its last request
		assertThat(meters.connectionsClosed()).isEmpty();
		assertThat(meters.requestsPerClosedConnection()).isNull();
		assertThat(meters.leaseWait().count()).isEqualTo(40);
		assertThat(meters.leaseWait().timeouts()).isZero();
		assertThat(meters.pool().max()).isEqualTo(200);
		assertThat(meters.pool().peakLeased()).isBetween(0, 2);
		assertThat(meters.pool().peakPending()).isZero();
		assertThat(meters.pool().leased()).isZero();
		assertThat(meters.pool().available()).isEqualTo(run.connections());
		assertThat(run.metersMatchServer()).isTrue();
	}

	@ParameterizedTest
	@EnumSource
	void perRequestMetersCountOneConnectionForEachRequest(Scheme scheme) {
		ClientRun run = scheme.of(demo()).perRequest();
		ClientMeters meters = run.meters();
		assertThat(meters.connectionsOpened()).isEqualTo(run.connections()).isEqualTo(40);
		assertThat(meters.requests()).isEqualTo(40);
		assertThat(meters.requestsPerConnection()).isEqualTo(1.0);
		// Closed by the client, which asked for it with "Connection: close"
		assertThat(meters.connectionsClosed()).isEqualTo(Map.of("not-reusable", 40L));
		assertThat(meters.requestsPerClosedConnection()).isEqualTo(1.0);
		assertThat(meters.leaseWait().count()).isEqualTo(40);
		assertThat(meters.pool().leased()).isZero();
		assertThat(meters.pool().available()).isZero();
		assertThat(run.metersMatchServer()).isTrue();
	}

	@Test
	void overHttpsKeepAliveIsFasterThanAHandshakePerRequest() {
		// A TLS handshake costs milliseconds of CPU, a reused connection none: 40 of them
		// against 2 is a wide margin. Summed over three runs, so that one pause of the JVM
		// or of a busy machine cannot turn the result
		double keepAlive = 0;
		double perRequest = 0;
		for (int i = 0; i < 3; i++) {
			Comparison https = demo().https();
			keepAlive += https.keepAlive().seconds();
			perRequest += https.perRequest().seconds();
		}
		assertThat(keepAlive).isLessThan(perRequest);
	}

	@Test
	void httpsClientsTrustTheCertificateThroughTheirSslBundleOnly() {
		String path = ":" + this.httpsConnector.port() + "/downstream";
		// The certificate names both, and hostname verification is on
		for (String host : new String[] { "127.0.0.1", "localhost" }) {
			assertThat(this.httpsKeepAlive.get().uri("https://" + host + path).retrieve().body(String.class))
				.isEqualTo("ok");
		}
		// The default client has no bundle: the JDK's trust store does not know the certificate
		assertThatExceptionOfType(ResourceAccessException.class)
			.isThrownBy(() -> this.defaultClient.get().uri("https://127.0.0.1" + path).retrieve().toBodilessEntity());
	}

	@Test
	void logsTheFiguresOnStartup(CapturedOutput output) {
		assertThat(output).containsPattern("http +keep-alive +40 requests +[12] connections")
			.containsPattern(
					"meters \\(client=default\\): [12] connections opened, 40 requests, .*as the server counted")
			.containsPattern("http +per-request +40 requests +40 connections")
			.containsPattern("meters \\(client=per-request\\): 40 connections opened, 40 requests, 1.0 requests/"
					+ "connection, closed: 40 not-reusable, .*as the server counted")
			.containsPattern("https +keep-alive +40 requests +[12] connections")
			.containsPattern("meters \\(client=https-keep-alive\\): [12] connections opened, 40 requests, "
					+ ".*as the server counted")
			.containsPattern("https +per-request +40 requests +40 connections")
			.containsPattern("meters \\(client=https-per-request\\): 40 connections opened, 40 requests, 1.0 "
					+ "requests/connection, closed: 40 not-reusable, .*as the server counted")
			.containsPattern("keep-alive served \\d+\\.\\dx the requests per second of per-request over HTTP, "
					+ "\\d+\\.\\dx over HTTPS");
	}

	@Test
	void prometheusScrapeHasTheMetersOfAllClients() {
		demo();
		String scrape = SampleEndpoints.prometheus(this.client);
		assertThat(scrape).contains("keepalive_pool_max{client=\"default\"} 200.0")
			.contains("keepalive_pool_leased{client=\"per-request\"}")
			.containsPattern("keepalive_requests_total\\{client=\"default\"} \\d+")
			.containsPattern("keepalive_connections_opened_total\\{client=\"per-request\"} \\d+")
			.containsPattern("keepalive_connections_closed_total\\{client=\"per-request\",reason=\"not-reusable\"} "
					+ "[1-9]\\d*\\.0")
			.containsPattern("keepalive_requests_total\\{client=\"https-keep-alive\"} \\d+")
			.containsPattern("keepalive_connections_closed_total\\{client=\"https-per-request\","
					+ "reason=\"not-reusable\"} [1-9]\\d*\\.0")
			.contains("keepalive_connection_requests_count{client=\"per-request\"}")
			.contains("keepalive_pool_lease_wait_seconds_count{client=\"default\",outcome=\"acquired\"}")
			.contains("keepalive_pool_lease_wait_seconds_bucket{client=\"default\",outcome=\"acquired\",le=\"+Inf\"}")
			.contains("http_client_requests_seconds_count{");
	}

	@Test
	void keepAliveEndpointShowsAllClients() {
		this.client.get()
			.uri("/actuator/keepalive")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clients.default.settings.keepAlive.enabled")
			.isEqualTo(true)
			.jsonPath("$.clients.default.settings.http.sslBundle")
			.isEqualTo(false)
			.jsonPath("$.clients.default.pool.max")
			.isEqualTo(200)
			.jsonPath("$.clients['per-request'].settings.keepAlive.enabled")
			.isEqualTo(false)
			.jsonPath("$.clients['https-keep-alive'].settings.keepAlive.enabled")
			.isEqualTo(true)
			.jsonPath("$.clients['https-keep-alive'].settings.http.sslBundle")
			.isEqualTo(true)
			.jsonPath("$.clients['https-per-request'].settings.keepAlive.enabled")
			.isEqualTo(false)
			.jsonPath("$.clients['https-per-request'].settings.http.sslBundle")
			.isEqualTo(true);
	}

	@Test
	void healthIsUp() {
		this.client.get()
			.uri("/actuator/health")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.status")
			.isEqualTo("UP")
			.jsonPath("$.components.keepalive.status")
			.isEqualTo("UP");
	}

	private DemoReport demo() {
		return SampleEndpoints.demo(this.client);
	}

	/**
	 * The downstream's two schemes and the clients that call each.
	 */
	enum Scheme {

		HTTP("default", KeepAliveDemo.PER_REQUEST_CLIENT),

		HTTPS(KeepAliveDemo.HTTPS_KEEP_ALIVE_CLIENT, KeepAliveDemo.HTTPS_PER_REQUEST_CLIENT);

		private final String keepAliveClient;

		private final String perRequestClient;

		Scheme(String keepAliveClient, String perRequestClient) {
			this.keepAliveClient = keepAliveClient;
			this.perRequestClient = perRequestClient;
		}

		Comparison of(DemoReport report) {
			return (this == HTTP) ? report.http() : report.https();
		}

	}

}
