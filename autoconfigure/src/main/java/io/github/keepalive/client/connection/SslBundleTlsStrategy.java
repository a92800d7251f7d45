package io.github.keepalive.client.connection;

import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.client5.http.ssl.DefaultHostnameVerifier;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.reactor.ssl.SSLBufferMode;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslOptions;

/**
 * The TLS strategy of a client's connections: the SSL bundle's context, protocols and
 * ciphers with hostname verification, as Spring Boot's own HttpClient builder does; the
 * JVM's defaults without a bundle.
 */
public final class SslBundleTlsStrategy {

	private SslBundleTlsStrategy() {
	}

	/**
	 * The strategy for a bundle.
	 * @param bundle the bundle, or {@code null}
	 * @return the strategy
	 */
	public static TlsSocketStrategy of(@Nullable SslBundle bundle) {
		if (bundle == null) {
			return DefaultClientTlsStrategy.createSystemDefault();
		}
		SslOptions options = bundle.getOptions();
		return new DefaultClientTlsStrategy(bundle.createSslContext(), options.getEnabledProtocols(),
				options.getCiphers(), SSLBufferMode.STATIC, new DefaultHostnameVerifier());
	}

}
