package io.github.keepalive.client.exec;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SystemProxyRoutePlanner}: the JVM's proxy settings choose the route, and the
 * JDK's selector is skipped only where it could answer nothing but "direct".
 */
class SystemProxyRoutePlannerTests {

	private static final HttpHost TARGET = new HttpHost("http", "downstream.example", 8080);

	private static final List<String> PROPERTIES = List.of("http.proxyHost", "http.proxyPort", "https.proxyHost",
			"proxyHost", "socksProxyHost", "java.net.useSystemProxies");

	@AfterEach
	void clearProperties() {
		PROPERTIES.forEach(System::clearProperty);
	}

	@Test
	void withoutProxySettingsTheRouteIsDirect() throws Exception {
		assertThat(SystemProxyRoutePlanner.isProxyConfigured()).isFalse();
		assertThat(route(new SystemProxyRoutePlanner(jdkSelector())).getProxyHost()).isNull();
	}

	@Test
	void aProxyPropertySetLaterIsFollowed() throws Exception {
		SystemProxyRoutePlanner planner = new SystemProxyRoutePlanner(jdkSelector());
		assertThat(route(planner).getProxyHost()).isNull();
		System.setProperty("http.proxyHost", "127.0.0.1");
		System.setProperty("http.proxyPort", "3128");
		assertThat(SystemProxyRoutePlanner.isProxyConfigured()).isTrue();
		assertThat(route(planner).getProxyHost()).isEqualTo(new HttpHost("http", "127.0.0.1", 3128));
	}

	@Test
	void systemProxiesTurnedOnGoThroughTheSelector() {
		System.setProperty("java.net.useSystemProxies", "true");
		assertThat(SystemProxyRoutePlanner.isProxyConfigured()).isTrue();
		System.setProperty("java.net.useSystemProxies", "false");
		System.setProperty("socksProxyHost", "127.0.0.1");
		assertThat(SystemProxyRoutePlanner.isProxyConfigured()).isTrue();
	}

	@Test
	void anotherSelectorIsAskedForEveryRequest() throws Exception {
		AtomicInteger asked = new AtomicInteger();
		ProxySelector selector = new ProxySelector() {

			@Override
			public List<Proxy> select(URI uri) {
				asked.incrementAndGet();
				return List.of(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("proxy.example", 3128)));
			}

			@Override
			public void connectFailed(URI uri, SocketAddress address, IOException ex) {
			}

		};
		SystemProxyRoutePlanner planner = new SystemProxyRoutePlanner(selector);
		assertThat(route(planner).getProxyHost()).isEqualTo(new HttpHost("http", "proxy.example", 3128));
		route(planner);
		assertThat(asked).hasValue(2);
	}

	private static ProxySelector jdkSelector() {
		ProxySelector selector = ProxySelector.getDefault();
		assertThat(selector.getClass().getName()).isEqualTo("sun.net.spi.DefaultProxySelector");
		return selector;
	}

	private static HttpRoute route(SystemProxyRoutePlanner planner) throws Exception {
		return planner.determineRoute(TARGET, HttpClientContext.create());
	}

}
