package io.github.keepalive.benchmarks.client;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

import io.github.keepalive.client.settings.KeepAliveClientSettings;
import io.github.keepalive.client.settings.KeepAliveSettings;
import io.github.keepalive.client.settings.PoolSettings;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClientBuilder;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.core5.pool.PoolConcurrencyPolicy;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * The baseline: HttpClient 5 with a {@code PoolingHttpClientConnectionManager} built only
 * with HttpClient's public builders, sized and timed as the starter's defaults. The
 * starter's default settings are read once, here, for their numbers; no class of the
 * starter is part of the client built.
 */
final class PlainHttpClient5 {

	/** The starter's defaults, for their pool sizes and timeouts only. */
	private static final KeepAliveClientSettings DEFAULTS = KeepAliveClientSettings.defaults("baseline");

	private PlainHttpClient5() {
	}

	/**
	 * The pool's connections per route.
	 * @return the per-route limit
	 */
	static int maxPerRoute() {
		return DEFAULTS.pool().maxPerRoute();
	}

	/**
	 * Builds a client with a pool of its own.
	 * @param trustedCertificate the PEM certificate to trust for HTTPS
	 * @return the client, to be closed by the caller
	 */
	static CloseableHttpClient create(Path trustedCertificate) {
		PoolSettings pool = DEFAULTS.pool();
		KeepAliveSettings keepAlive = DEFAULTS.keepAlive();
		ConnectionConfig connectionConfig = ConnectionConfig.custom()
			.setConnectTimeout(timeout(DEFAULTS.http().connectTimeout()))
			.setSocketTimeout(timeout(DEFAULTS.http().readTimeout()))
			.setTimeToLive(timeValue(keepAlive.timeToLive()))
			.setValidateAfterInactivity(timeValue(keepAlive.validateAfterInactivity()))
			.build();
		return HttpClientBuilder.create()
			.setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
				.setMaxConnTotal(pool.maxTotal())
				.setMaxConnPerRoute(pool.maxPerRoute())
				.setPoolConcurrencyPolicy(PoolConcurrencyPolicy.STRICT)
				.setConnPoolPolicy(PoolReusePolicy.LIFO)
				.setDefaultConnectionConfig(connectionConfig)
				.setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
					.setSslContext(sslContextTrusting(trustedCertificate))
					.buildClassic())
				.build())
			.setDefaultRequestConfig(RequestConfig.custom()
				.setConnectionRequestTimeout(timeout(pool.leaseTimeout()))
				.setConnectionKeepAlive(timeValue(keepAlive.idleTimeout()))
				.build())
			.evictIdleConnections(timeValue(keepAlive.idleTimeout()))
			.build();
	}

	/**
	 * An SSL context that trusts one PEM certificate, with the JDK alone.
	 * @param certificate the PEM certificate
	 * @return the context
	 */
	static SSLContext sslContextTrusting(Path certificate) {
		try (InputStream in = Files.newInputStream(certificate)) {
			Certificate trusted = CertificateFactory.getInstance("X.509").generateCertificate(in);
			KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
			trustStore.load(null, null);
			trustStore.setCertificateEntry("bench", trusted);
			TrustManagerFactory trustManagers = TrustManagerFactory
				.getInstance(TrustManagerFactory.getDefaultAlgorithm());
			trustManagers.init(trustStore);
			SSLContext context = SSLContext.getInstance("TLS");
			context.init(null, trustManagers.getTrustManagers(), null);
			return context;
		}
		catch (IOException | GeneralSecurityException ex) {
			throw new IllegalStateException("Cannot trust " + certificate, ex);
		}
	}

	private static Timeout timeout(Duration duration) {
		return Timeout.ofMilliseconds(duration.toMillis());
	}

	private static TimeValue timeValue(Duration duration) {
		return TimeValue.ofMilliseconds(duration.toMillis());
	}

}
