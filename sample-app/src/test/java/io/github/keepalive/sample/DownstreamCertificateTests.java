package io.github.keepalive.sample;

import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.SslBundle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The HTTPS downstream's certificate: it names the addresses the clients call, and the
 * clients' bundle holds no private key.
 */
class DownstreamCertificateTests {

	private static final int DNS_NAME = 2;

	private static final int IP_ADDRESS = 7;

	/** One for all tests: keytool takes a second. */
	private static final DownstreamCertificate certificate = DownstreamCertificate.create();

	@Test
	void namesLoopbackByAddressAndByName() throws Exception {
		X509Certificate x509 = certificate.certificate();
		assertThat(x509.getSubjectAlternativeNames()).containsExactlyInAnyOrder(List.of(IP_ADDRESS, "127.0.0.1"),
				List.of(DNS_NAME, "localhost"));
		// Self-signed: its own issuer
		x509.verify(x509.getPublicKey());
	}

	@Test
	void serverBundleHoldsTheKeyAndClientBundleTheCertificateAlone() throws Exception {
		SslBundle server = certificate.serverBundle();
		KeyStore keyStore = server.getStores().getKeyStore();
		assertThat(keyStore.isKeyEntry(server.getKey().getAlias())).isTrue();
		KeyStore trustStore = certificate.clientBundle().getStores().getTrustStore();
		assertThat(Collections.list(trustStore.aliases())).allSatisfy((alias) -> {
			assertThat(trustStore.isCertificateEntry(alias)).isTrue();
			assertThat(trustStore.getCertificate(alias)).isEqualTo(certificate.certificate());
		});
		assertThat(trustStore.size()).isOne();
		assertThat(certificate.clientBundle().getStores().getKeyStore()).isNull();
	}

}
