package io.github.keepalive.sample;

import java.util.Map;

import io.github.keepalive.sample.DemoReport.ClientMeters;
import io.github.keepalive.sample.DemoReport.ClientRun;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.resttestclient.autoconfigure.AutoConfigureRestTestClient;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.test.web.servlet.client.RestTestClient;

import static org.assertj.core.api.Assertions.assertThat;

@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "server.address=127.0.0.1", "demo.requests=40", "demo.concurrency=2" })
@AutoConfigureRestTestClient
@ExtendWith(OutputCaptureExtension.class)
class SampleApplicationTests {

	@Autowired
	private RestTestClient client;

	@Test
	void keepAliveReusesConnectionsAndPerRequestOpensOneForEachRequest() {
		DemoReport report = demo();
		assertThat(report.concurrency()).isEqualTo(2);
		assertThat(report.keepAlive().client()).isEqualTo("default");
		assertThat(report.keepAlive().requests()).isEqualTo(40);
		// At most one connection per thread sending requests, reused for all the others
		assertThat(report.keepAlive().connections()).isBetween(1, 2);
		assertThat(report.perRequest().client()).isEqualTo("per-request");
		assertThat(report.perRequest().requests()).isEqualTo(40);
		assertThat(report.perRequest().connections()).isEqualTo(40);
	}

	@Test
	void keepAliveMetersCountWhatTheServerCounted() {
		ClientRun run = demo().keepAlive();
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

	@Test
	void perRequestMetersCountOneConnectionForEachRequest() {
		ClientRun run = demo().perRequest();
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
	void logsTheFiguresOnStartup(CapturedOutput output) {
		assertThat(output).containsPattern("keep-alive +40 requests +[12] connections")
			.containsPattern(
					"meters \\(client=default\\): [12] connections opened, 40 requests, .*as the server counted")
			.containsPattern("per-request +40 requests +40 connections")
			.containsPattern("meters \\(client=per-request\\): 40 connections opened, 40 requests, 1.0 requests/"
					+ "connection, closed: 40 not-reusable, .*as the server counted");
	}

	@Test
	void prometheusScrapeHasTheMetersOfBothClients() {
		demo();
		String scrape = SampleEndpoints.prometheus(this.client);
		assertThat(scrape).contains("keepalive_pool_max{client=\"default\"} 200.0")
			.contains("keepalive_pool_leased{client=\"per-request\"}")
			.containsPattern("keepalive_requests_total\\{client=\"default\"} \\d+")
			.containsPattern("keepalive_connections_opened_total\\{client=\"per-request\"} \\d+")
			.containsPattern("keepalive_connections_closed_total\\{client=\"per-request\",reason=\"not-reusable\"} "
					+ "[1-9]\\d*\\.0")
			.contains("keepalive_connection_requests_count{client=\"per-request\"}")
			.contains("keepalive_pool_lease_wait_seconds_count{client=\"default\",outcome=\"acquired\"}")
			.contains("keepalive_pool_lease_wait_seconds{client=\"default\",outcome=\"acquired\",quantile=\"0.99\"}")
			.contains("http_client_requests_seconds_count{");
	}

	@Test
	void keepAliveEndpointShowsBothClients() {
		this.client.get()
			.uri("/actuator/keepalive")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody()
			.jsonPath("$.clients.default.settings.keepAlive")
			.isEqualTo(true)
			.jsonPath("$.clients.default.pool.max")
			.isEqualTo(200)
			.jsonPath("$.clients['per-request'].settings.keepAlive")
			.isEqualTo(false);
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

}
