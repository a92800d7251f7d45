package io.github.keepalive.realserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.github.keepalive.realserver.CallerLoad.Call;
import io.github.keepalive.test.KeepAliveTestSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.CleanupMode;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.web.client.RestClient;

import static io.github.keepalive.test.KeepAliveTestSupport.assertNoLeases;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auto-configured {@link RestClient} against a real HAProxy that closes client
 * connections idle for 500 ms ({@code timeout http-keep-alive}) without announcing it,
 * sooner than the client's validate-after-inactivity (1 s), with callers pausing 0.4 to
 * 0.7 s between requests. An nginx behind it logs every request. One run of the scenario
 * serves every test of the class.
 */
@Tag("real-servers")
class HaProxyRealServerTests {

	private static final int CALLERS = 8;

	private static final String[] SERVERS = { "nginx", "haproxy" };

	@TempDir(cleanup = CleanupMode.ON_SUCCESS)
	static Path directory;

	private static ScenarioFigures figures;

	@BeforeAll
	static void run() throws Exception {
		if (!ServerProcess.missing(SERVERS).isEmpty()) {
			return; // each test reports itself skipped
		}
		Path backendDirectory = Files.createDirectories(directory.resolve("nginx"));
		Path proxyDirectory = Files.createDirectories(directory.resolve("haproxy"));
		try (NginxServer backend = NginxServer.start(backendDirectory);
				HaProxyServer haproxy = HaProxyServer.start(proxyDirectory, backend.port(), "500ms")) {
			List<Call> calls = new ArrayList<>();
			KeepAliveTestSupport.contextRunner()
				.withPropertyValues("keepalive.base-url=" + haproxy.baseUrl())
				.run((context) -> {
					calls.addAll(CallerLoad.run(context.getBean(RestClient.class), CALLERS, Duration.ofSeconds(12),
							100, CallerLoad.inRounds((random) -> 400 + random.nextInt(301))));
					assertNoLeases(context);
				});
			long connections = haproxy.clientConnections();
			haproxy.close();
			backend.stop();
			figures = ScenarioFigures.of("HAProxy `timeout http-keep-alive 500ms`", calls, backend.accessLog(),
					connections);
			figures.print("rounds of 8 requests at once, 0.4–0.7 s apart; connections: HAProxy's `conn_tot`");
		}
	}

	@BeforeEach
	void serversInstalled() {
		ServerProcess.assumeInstalled(SERVERS);
	}

	@Test
	void noGetFailsAndNoPostIsReceivedTwice() {
		assertThat(figures.getFailures()).as("GET failures: %s", figures.failureKinds()).isZero();
		assertThat(figures.postsReceivedTwice()).as("POSTs received twice").isZero();
		assertThat(figures.lostPosts()).as("successful POSTs missing from the access log").isZero();
		assertThat(figures.connections()).as("client connections (HAProxy closed idle ones)").isGreaterThan(CALLERS);
	}

	/**
	 * HAProxy closes a connection idle for 500 ms, sooner than validate-after-inactivity
	 * (1 s): only the check of every reused connection just before its request is written
	 * keeps a POST off a connection already closed.
	 */
	@Test
	void noPostFails() {
		assertThat(figures.postFailures()).as("POST failures of %,d: %s", figures.posts(), figures.failureKinds())
			.isZero();
	}

}
