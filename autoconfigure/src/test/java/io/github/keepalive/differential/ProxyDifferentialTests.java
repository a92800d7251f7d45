package io.github.keepalive.differential;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.keepalive.test.LoopbackHttpServer;
import io.github.keepalive.test.LoopbackProxy;
import io.github.keepalive.test.LoopbackSocksProxy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Proxies the JVM is told about, through the starter and through Boot's client: an HTTP
 * proxy and a SOCKS proxy, each through system properties and through a
 * {@link ProxySelector} set as the default. Each side sends 20 GETs; every connection to
 * the server must go through the proxy.
 */
@Tag("differential")
class ProxyDifferentialTests {

	private static final int REQUESTS = 20;

	private static final List<String> PROXY_PROPERTIES = List.of("http.proxyHost", "http.proxyPort",
			"http.nonProxyHosts", "socksProxyHost", "socksProxyPort", "socksNonProxyHosts");

	@RegisterExtension
	LoopbackHttpServer server = LoopbackHttpServer.start();

	private final Map<String, String> savedProperties = new HashMap<>();

	private ProxySelector savedSelector;

	@BeforeEach
	void save() {
		PROXY_PROPERTIES.forEach((name) -> this.savedProperties.put(name, System.getProperty(name)));
		this.savedSelector = ProxySelector.getDefault();
	}

	@AfterEach
	void restore() {
		this.savedProperties.forEach((name, value) -> {
			if (value != null) {
				System.setProperty(name, value);
			}
			else {
				System.clearProperty(name);
			}
		});
		ProxySelector.setDefault(this.savedSelector);
	}

	@Test
	void httpProxyThroughSystemProperties() throws IOException {
		try (LoopbackProxy proxy = LoopbackProxy.open()) {
			System.setProperty("http.proxyHost", "127.0.0.1");
			System.setProperty("http.proxyPort", Integer.toString(proxy.getPort()));
			// the JVM's default leaves out localhost and 127.*
			System.setProperty("http.nonProxyHosts", "example.invalid");
			assertSameAsBoot("HTTP proxy, system properties", () -> proxy.relayed().size());
		}
	}

	@Test
	void httpProxyThroughTheDefaultProxySelector() throws IOException {
		try (LoopbackProxy proxy = LoopbackProxy.open()) {
			ProxySelector.setDefault(new SingleProxySelector(Proxy.Type.HTTP, proxy.getPort()));
			assertSameAsBoot("HTTP proxy, default ProxySelector", () -> proxy.relayed().size());
		}
	}

	@Test
	void socksProxyThroughSystemProperties() throws IOException {
		try (LoopbackSocksProxy proxy = LoopbackSocksProxy.start()) {
			System.setProperty("socksProxyHost", "127.0.0.1");
			System.setProperty("socksProxyPort", Integer.toString(proxy.getPort()));
			System.setProperty("http.nonProxyHosts", "example.invalid");
			System.setProperty("socksNonProxyHosts", "example.invalid");
			assertSameAsBoot("SOCKS proxy, system properties", () -> proxy.tunnels().size());
		}
	}

	@Test
	void socksProxyThroughTheDefaultProxySelector() throws IOException {
		try (LoopbackSocksProxy proxy = LoopbackSocksProxy.start()) {
			ProxySelector.setDefault(new SingleProxySelector(Proxy.Type.SOCKS, proxy.getPort()));
			assertSameAsBoot("SOCKS proxy, default ProxySelector", () -> proxy.tunnels().size());
		}
	}

	/**
	 * Sends the GETs on each side and asserts that each side's connections all went
	 * through the proxy, the starter's as Boot's.
	 * @param scenario the scenario's name
	 * @param proxied what the proxy counted so far (requests relayed or tunnels opened)
	 */
	private void assertSameAsBoot(String scenario, Supplier<Integer> proxied) {
		String url = "http://" + hostNameTheJdkProxies() + ":" + this.server.getPort() + "/proxied";
		Map<ClientSide, String> outcomes = DifferentialSides.bothSides(this.server,
				List.of("spring.http.clients.read-timeout=5s"), (clients) -> {
			ServerTally tally = ServerTally.start(this.server);
			int before = proxied.get();
			String failure = null;
			for (int i = 0; i < REQUESTS && failure == null; i++) {
				String result = RequestDifferentialTests.failure(() -> clients.primary().get().uri(url).retrieve().body(String.class));
				failure = "ok".equals(result) ? null : result;
			}
			int through = proxied.get() - before;
			String outcome = "received " + tally.received() + ", failure " + failure + ", through the proxy: "
					+ ((through > 0 && through >= tally.accepted() && tally.accepted() > 0) ? "all" : "not all");
			System.out.printf("[differential] %s | %-7s | %s (%d connections, %d proxied)%n", scenario,
					clients.side(), outcome, tally.accepted(), through);
			return outcome;
		});
		assertThat(outcomes.get(ClientSide.BOOT)).as("Boot's client")
			.isEqualTo("received 20, failure null, through the proxy: all");
		assertThat(outcomes.get(ClientSide.STARTER)).as("the starter, against Boot's client")
			.isEqualTo(outcomes.get(ClientSide.BOOT));
	}

	/**
	 * A name of this machine for 127.0.0.1 (the loopback proxies connect there whatever
	 * the name): the JDK's default proxy selector sends {@code 127.*} and {@code localhost}
	 * direct, whatever {@code http.nonProxyHosts} says.
	 */
	private static String hostNameTheJdkProxies() {
		String name = null;
		try {
			name = InetAddress.getLocalHost().getHostName();
		}
		catch (UnknownHostException ex) {
			// no name: skipped below
		}
		assumeTrue(name != null && !name.equalsIgnoreCase("localhost") && !name.startsWith("127."),
				"This machine's host name (" + name + ") is not one the JDK sends through a proxy");
		return name;
	}

	/**
	 * A proxy selector that sends every URI to one proxy on 127.0.0.1, as a user's own
	 * selector might.
	 */
	private static final class SingleProxySelector extends ProxySelector {

		private final Proxy proxy;

		SingleProxySelector(Proxy.Type type, int port) {
			this.proxy = new Proxy(type, new InetSocketAddress("127.0.0.1", port));
		}

		@Override
		public List<Proxy> select(URI uri) {
			return List.of(this.proxy);
		}

		@Override
		public void connectFailed(URI uri, SocketAddress address, IOException failure) {
		}

	}

}
