package io.github.keepalive.client;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;

import io.github.keepalive.client.connection.ConnectionCloseReason;
import io.github.keepalive.client.connection.SslBundleTlsStrategy;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.LoopbackHttpServer.RecordedRequest;
import io.github.keepalive.test.TestCertificates;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleRegistry;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.ssl.SslStoreBundle;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;
import static org.assertj.core.api.Assertions.tuple;

/**
 * SSL bundle hot reload: when the bundle a client names in {@code ssl.bundle} is reloaded,
 * the client's new connections use the reloaded material without a restart, and its
 * connections made with the old material are not reused. Tested with a certificate
 * rotation: the server's certificate is signed by CA 1, then by CA 2.
 */
class SslBundleReloadTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(10);

	@TempDir
	static Path directory;

	private static Certificate authority1;

	private static Certificate authority2;

	/** The server's TLS context with a certificate signed by CA 1. */
	private static SSLContext signedBy1;

	/** The server's TLS context with a certificate signed by CA 2. */
	private static SSLContext signedBy2;

	private final ApplicationContextRunner runner = KeepAliveTestSupport.contextRunner();

	@BeforeAll
	static void generateCertificates() throws Exception {
		TestCertificates certificates = new TestCertificates(directory);
		// the two chains are independent: keytool makes them side by side
		CompletableFuture<Path> server1 = CompletableFuture.supplyAsync(() -> chain(certificates, "1"));
		Path server2 = chain(certificates, "2");
		authority1 = TestCertificates.certificate(directory.resolve("ca1.p12"));
		authority2 = TestCertificates.certificate(directory.resolve("ca2.p12"));
		signedBy1 = TestCertificates.serverContext(server1.get(), List.of());
		signedBy2 = TestCertificates.serverContext(server2, List.of());
	}

	private static Path chain(TestCertificates certificates, String name) {
		try {
			return certificates.signedKeyStore("server" + name, "ip:127.0.0.1",
					certificates.certificateAuthority("ca" + name));
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void rotatedCertificateIsTrustedOnceTheBundleReloadsWithoutRestart(@TempDir Path trust) throws Exception {
		Path trustFile = new TestCertificates(trust).pem(authority1, "ca.pem");
		try (LoopbackHttpServer server = LoopbackHttpServer.https(signedBy1, false)) {
			this.runner
				.withPropertyValues("spring.ssl.bundle.pem.rotating.truststore.certificate=file:" + trustFile,
						"spring.ssl.bundle.pem.rotating.reload-on-update=true",
						"spring.ssl.bundle.watch.file.quiet-period=100ms", "keepalive.ssl.bundle=rotating",
						"keepalive.base-url=" + server.baseUrl())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					RestClient client = context.getBean(RestClient.class);
					// what a client built once from the bundle does, as the starter did before
					SslBundle atStart = context.getBean(SslBundles.class).getBundle("rotating");
					try (CloseableHttpClient builtOnce = builtOnce(atStart)) {
						assertThat(client.get().uri("/before").retrieve().body(String.class)).isEqualTo("ok");
						assertThat(get(builtOnce, server.url("/before"))).isEqualTo("ok");
						server.rotateTls(signedBy2);
						server.closeAllConnections(LoopbackHttpServer.CloseMode.FIN);
						assertCertificateError(() -> client.get().uri("/rotated").retrieve().body(String.class));
						assertCertificateError(() -> get(builtOnce, server.url("/rotated")));
						new TestCertificates(trust).pem(authority2, "ca.pem");
						assertThat(awaitSuccess(() -> client.get().uri("/reloaded").retrieve().body(String.class)))
							.isEqualTo("ok");
						assertCertificateError(() -> get(builtOnce, server.url("/reloaded")));
					}
				});
		}
	}

	@Test
	void connectionsMadeWithTheOldMaterialAreNotReused() throws Exception {
		List<ConnectionCloseReason> closes = new CopyOnWriteArrayList<>();
		ClientObserver observer = new ClientObserver() {

			@Override
			public void connectionClosed(ConnectionCloseReason reason, long requests) {
				closes.add(reason);
			}

		};
		Path trustFile = new TestCertificates(directory).pem(authority1, "ca1.pem");
		try (LoopbackHttpServer server = LoopbackHttpServer.https(signedBy1, false)) {
			server.holdResponses((request) -> request.path().equals("/long"));
			this.runner.withBean(ClientObserverFactory.class, () -> (name) -> observer)
				.withPropertyValues("spring.ssl.bundle.pem.rotating.truststore.certificate=file:" + trustFile,
						"keepalive.ssl.bundle=rotating", "keepalive.base-url=" + server.baseUrl())
				.run((context) -> {
					RestClient client = context.getBean(RestClient.class);
					CompletableFuture<String> inFlight = CompletableFuture
						.supplyAsync(() -> client.get().uri("/long").retrieve().body(String.class));
					server.awaitRequests(1, TIMEOUT);
					assertThat(client.get().uri("/idle").retrieve().body(String.class)).isEqualTo("ok");
					SslBundle atStart = context.getBean(SslBundles.class).getBundle("rotating");
					server.rotateTls(signedBy2);
					context.getBean(SslBundleRegistry.class).updateBundle("rotating", trusting(authority2));
					assertThat(client.get().uri("/after").retrieve().body(String.class)).isEqualTo("ok");
					server.releaseResponses();
					assertThat(inFlight.get(TIMEOUT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("ok");
					assertThat(client.get().uri("/again").retrieve().body(String.class)).isEqualTo("ok");
					server.awaitConnectionsClosedByClient(2, TIMEOUT);
					assertThat(server.recordedRequests())
						.extracting(RecordedRequest::path, RecordedRequest::connectionId)
						.containsExactlyInAnyOrder(tuple("/long", 1), tuple("/idle", 2), tuple("/after", 3),
								tuple("/again", 3));
					assertThat(server.acceptedConnections()).isEqualTo(3);
					assertThat(server.tlsHandshakes()).isEqualTo(3);
					assertThat(closes).containsExactly(ConnectionCloseReason.SSL_RELOADED,
							ConnectionCloseReason.SSL_RELOADED);
					// a pool derived later from settings made before the reload
					HttpClientSettings before = HttpClientSettings.ofSslBundle(atStart)
						.withConnectTimeout(Duration.ofSeconds(3));
					RestClient derived = RestClient.builder()
						.requestFactory(context.getBean(ClientHttpRequestFactoryBuilder.class).build(before))
						.build();
					assertThat(derived.get().uri(server.url("/derived")).retrieve().body(String.class)).isEqualTo("ok");
					assertThat(context.getBean(KeepAliveClients.class).getAll()).hasSize(2);
				});
		}
	}

	private static CloseableHttpClient builtOnce(SslBundle bundle) {
		return HttpClients.custom()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setTlsSocketStrategy(SslBundleTlsStrategy.of(bundle))
				.build())
			.build();
	}

	private static String get(CloseableHttpClient client, String url) throws Exception {
		return client.execute(new HttpGet(url), (response) -> EntityUtils.toString(response.getEntity()));
	}

	private static SslBundle trusting(Certificate authority) throws Exception {
		KeyStore trustStore = KeyStore.getInstance("PKCS12");
		trustStore.load(null, null);
		trustStore.setCertificateEntry("ca", authority);
		return SslBundle.of(SslStoreBundle.of(null, null, trustStore));
	}

	private static void assertCertificateError(ThrowingCall call) {
		assertThatException().isThrownBy(call::call)
			.satisfies((ex) -> assertThat(KeepAliveTestSupport.findCause(ex, SSLHandshakeException.class))
				.as("certificate error in %s", ex)
				.isNotNull()
				.hasMessageContaining("PKIX path"));
	}

	private static String awaitSuccess(ThrowingCall call) throws Exception {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (true) {
			try {
				return call.call();
			}
			catch (Exception ex) {
				assertThat(KeepAliveTestSupport.findCause(ex, SSLHandshakeException.class)).as("failure %s", ex)
					.isNotNull();
				if (System.nanoTime() - deadline > 0) {
					throw new AssertionError("The bundle was not reloaded within " + TIMEOUT, ex);
				}
				Thread.sleep(50);
			}
		}
	}

	@FunctionalInterface
	private interface ThrowingCall {

		String call() throws Exception;

	}

}
