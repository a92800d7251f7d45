package io.github.keepalive.sample;

import org.springframework.boot.autoconfigure.ssl.SslBundleRegistrar;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.boot.tomcat.autoconfigure.TomcatServerProperties;
import org.springframework.boot.web.server.autoconfigure.ServerProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Serves the app over HTTPS too, with a self-signed certificate made at start-up, and
 * hands its trust to the HTTPS clients as a Spring Boot SSL bundle. A TLS handshake costs
 * milliseconds of CPU even on loopback, so over HTTPS the demo shows what a new connection
 * per request costs; over plain HTTP on loopback it costs almost nothing.
 */
@Configuration(proxyBeanMethods = false)
class HttpsDownstreamConfiguration {

	/**
	 * The SSL bundle the HTTPS clients trust, {@code keepalive.clients.<name>.ssl.bundle}
	 * in application.yml: the certificate alone.
	 */
	static final String CLIENT_BUNDLE = "sample-downstream";

	/** The SSL bundle of the HTTPS connector: the key and the certificate. */
	static final String SERVER_BUNDLE = "sample-downstream-server";

	/** The HTTPS port when {@code demo.https-port} is not set. */
	static final int DEFAULT_HTTPS_PORT = 8443;

	@Bean
	DownstreamCertificate downstreamCertificate() {
		return DownstreamCertificate.create();
	}

	/**
	 * Registers both bundles. A bundle from a file would be {@code spring.ssl.bundle.pem.*}
	 * in application.yml; this certificate only exists once the app runs, so it is
	 * registered in code, the same as Boot registers those.
	 */
	@Bean
	SslBundleRegistrar downstreamSslBundles(DownstreamCertificate certificate) {
		return (registry) -> {
			registry.registerBundle(SERVER_BUNDLE, certificate.serverBundle());
			registry.registerBundle(CLIENT_BUNDLE, certificate.clientBundle());
		};
	}

	@Bean
	HttpsConnector httpsConnector(SslBundles bundles, ServerProperties server, TomcatServerProperties tomcat,
			DemoProperties demo) {
		Integer port = demo.httpsPort();
		if (port == null) {
			// --server.port=0 asks for a free port: the HTTPS one gets a free port too
			port = (server.getPort() != null && server.getPort() == 0) ? 0 : DEFAULT_HTTPS_PORT;
		}
		return new HttpsConnector(bundles.getBundle(SERVER_BUNDLE), server.getAddress(), port,
				tomcat.getMaxKeepAliveRequests());
	}

}
