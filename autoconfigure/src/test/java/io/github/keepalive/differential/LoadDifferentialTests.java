package io.github.keepalive.differential;

import java.nio.file.Path;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;

import io.github.keepalive.differential.LoopbackLoad.Result;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.TestCertificates;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 16 callers, 2,000 requests per side, through the starter and through Boot's client on
 * the same loopback server: a steady load, a server that closes every connection
 * gracefully every 100 ms (as a reload does), and TLS.
 */
@Tag("differential")
class LoadDifferentialTests {

	/** After a restart a side opens at most 1.25 times the connections it leases at peak. */
	private static final double NEW_CONNECTIONS_MARGIN = 1.25;

	@RegisterExtension
	LoopbackHttpServer server = LoopbackHttpServer.start();

	@TempDir
	Path directory;

	@Test
	void steadyLoad() {
		LoadFigures starter = load(ClientSide.STARTER, "steady load", this.server, List.of()).figures();
		LoadFigures boot = load(ClientSide.BOOT, "steady load", this.server, List.of()).figures();
		assertNoFailures(boot);
		LoadFigures.assertNeverWorse(starter, boot);
		// both pools hold every caller's connection for the whole run
		assertThat(starter.connections()).as("the starter's connections").isLessThanOrEqualTo(LoopbackLoad.CALLERS);
		assertThat(boot.connections()).as("Boot's connections").isLessThanOrEqualTo(ClientSide.BOOT.maxPerRoute());
	}

	@Test
	void serverClosesEveryConnectionGracefullyUnderLoad() {
		String scenario = "graceful close of every connection every 100 ms";
		Result starter = restarts(ClientSide.STARTER, scenario);
		Result boot = restarts(ClientSide.BOOT, scenario);
		// a GET the close met is retried on another pooled connection, checked before it is
		// written, as Boot's client retries it (no healthy connection is closed to open a fresh
		// one); a retry that meets a second connection the same sweep closes fails on either
		// client, so the starter's failed GETs are held to Boot's, not to none
		LoadFigures.assertNeverWorse(starter.figures(), boot.figures());
		// 2,000 requests take 0.5 to 1 s here: closes every 100 ms leave at least two however fast
		assertThat(starter.newConnectionsPerAction()).as("closes while the callers ran").hasSizeGreaterThanOrEqualTo(2);
		assertThat(starter.mostNewConnectionsAfterAnAction())
			.as("the starter's new connections after one close, of %s (Boot's: %s)",
					starter.newConnectionsPerAction(), boot.newConnectionsPerAction())
			.isLessThanOrEqualTo((int) (ClientSide.STARTER.leasedAtPeak(LoopbackLoad.CALLERS) * NEW_CONNECTIONS_MARGIN));
	}

	@Test
	void tlsWithAnSslBundle() throws Exception {
		TestCertificates certificates = new TestCertificates(this.directory);
		Path keyStore = certificates.keyStore("server", "ip:127.0.0.1,dns:localhost");
		Certificate certificate = TestCertificates.certificate(keyStore);
		Path trustStore = certificates.trustStore("trust", List.of(certificate));
		List<String> properties = List.of("spring.ssl.bundle.jks.loopback.truststore.location=file:" + trustStore,
				"spring.ssl.bundle.jks.loopback.truststore.password=" + TestCertificates.PASSWORD,
				"spring.ssl.bundle.jks.loopback.truststore.type=PKCS12", "spring.http.clients.ssl.bundle=loopback");
		try (LoopbackHttpServer https = LoopbackHttpServer.https(TestCertificates.serverContext(keyStore, List.of()),
				false)) {
			int handshakesBefore = https.tlsHandshakes();
			LoadFigures starter = load(ClientSide.STARTER, "TLS, SSL bundle", https, properties).figures();
			int starterHandshakes = https.tlsHandshakes() - handshakesBefore;
			LoadFigures boot = load(ClientSide.BOOT, "TLS, SSL bundle", https, properties).figures();
			assertNoFailures(boot);
			LoadFigures.assertNeverWorse(starter, boot);
			assertThat(starterHandshakes).as("the starter's TLS handshakes").isEqualTo((int) starter.connections());
			assertThat(https.handshakeFailures()).as("failed handshakes").isEmpty();
		}
	}

	private static Result load(ClientSide side, String scenario, LoopbackHttpServer server, List<String> properties) {
		return LoopbackLoad.run(side, scenario, server, properties, null, Duration.ZERO);
	}

	private Result restarts(ClientSide side, String scenario) {
		return LoopbackLoad.run(side, scenario, this.server, List.of(),
				LoopbackHttpServer::closeAllConnectionsGracefully, Duration.ofMillis(100));
	}

	private static void assertNoFailures(LoadFigures figures) {
		assertThat(figures.getFailures() + figures.postFailures()).as("%s: %s's failures %s", figures.scenario(),
				figures.side(), figures.failureKinds()).isZero();
		assertThat(figures.received()).as("requests received").isEqualTo(figures.gets() + figures.posts());
	}

}
