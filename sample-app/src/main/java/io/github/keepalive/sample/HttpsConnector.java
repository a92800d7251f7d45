package io.github.keepalive.sample;

import java.net.InetAddress;
import java.util.Map;

import org.apache.catalina.connector.Connector;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.coyote.http11.AbstractHttp11Protocol;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.tomcat.SslConnectorCustomizer;
import org.springframework.boot.tomcat.TomcatWebServerFactory;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.Ssl.ClientAuth;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;

/**
 * A second Tomcat connector, beside the plain HTTP one of {@code server.port}: the same
 * app, {@code /downstream} included, served over HTTPS with an SSL bundle. Spring Boot
 * configures TLS on the main connector only ({@code server.ssl.*}), so this one is set up
 * here, with Boot's own {@link SslConnectorCustomizer}.
 */
class HttpsConnector implements WebServerFactoryCustomizer<TomcatServletWebServerFactory> {

	private static final Log logger = LogFactory.getLog(HttpsConnector.class);

	private final Connector connector = new Connector(TomcatWebServerFactory.DEFAULT_PROTOCOL);

	/**
	 * Creates the connector.
	 * @param bundle the server's key and certificate
	 * @param address the address to listen on, {@code null} for all
	 * @param port the port, 0 for a free one
	 * @param maxKeepAliveRequests as {@code server.tomcat.max-keep-alive-requests}, which
	 * Boot applies to the main connector only
	 */
	HttpsConnector(SslBundle bundle, @Nullable InetAddress address, int port, int maxKeepAliveRequests) {
		this.connector.setPort(port);
		AbstractHttp11Protocol<?> protocol = (AbstractHttp11Protocol<?>) this.connector.getProtocolHandler();
		if (address != null) {
			protocol.setAddress(address);
		}
		protocol.setMaxKeepAliveRequests(maxKeepAliveRequests);
		new SslConnectorCustomizer(logger, this.connector, ClientAuth.NONE).customize(bundle, Map.of());
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		factory.addAdditionalConnectors(this.connector);
	}

	/**
	 * The port the connector listens on: the configured one, or the one picked for it when
	 * that was 0.
	 * @return the port, or -1 before the server started
	 */
	int port() {
		return this.connector.getLocalPort();
	}

}
