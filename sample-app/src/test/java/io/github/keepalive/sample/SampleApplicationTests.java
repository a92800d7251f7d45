package io.github.keepalive.sample;

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
		DemoReport report = this.client.get()
			.uri("/demo")
			.exchange()
			.expectStatus()
			.isOk()
			.expectBody(DemoReport.class)
			.returnResult()
			.getResponseBody();
		assertThat(report).isNotNull();
		assertThat(report.concurrency()).isEqualTo(2);
		assertThat(report.keepAlive().requests()).isEqualTo(40);
		// At most one connection per thread sending requests, reused for all the others
		assertThat(report.keepAlive().connections()).isBetween(1, 2);
		assertThat(report.perRequest().requests()).isEqualTo(40);
		assertThat(report.perRequest().connections()).isEqualTo(40);
	}

	@Test
	void logsTheFiguresOnStartup(CapturedOutput output) {
		assertThat(output).containsPattern("keep-alive +40 requests +[12] connections")
			.containsPattern("per-request +40 requests +40 connections");
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
			.isEqualTo("UP");
	}

}
