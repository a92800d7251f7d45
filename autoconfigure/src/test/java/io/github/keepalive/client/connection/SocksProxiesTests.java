package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.io.SocketConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link SocksProxies}: the SOCKS proxy a plain socket would connect through.
 */
class SocksProxiesTests {

	private static final SocketAddress SOCKS = InetSocketAddress.createUnresolved("socks.example", 1080);

	@Test
	void asksTheSelectorForTheHostAsAPlainSocketDoes() {
		RecordingSelector selector = new RecordingSelector(new Proxy(Proxy.Type.SOCKS, SOCKS));
		assertThat(SocksProxies.socksProxy(selector, new HttpHost("https", "api.example", -1))).isEqualTo(SOCKS);
		assertThat(SocksProxies.socksProxy(selector, new HttpHost("http", "api.example", 8080))).isEqualTo(SOCKS);
		assertThat(SocksProxies.socksProxy(selector, new HttpHost("http", "::1", 80))).isEqualTo(SOCKS);
		assertThat(selector.asked).containsExactly(URI.create("socket://api.example:443"),
				URI.create("socket://api.example:8080"), URI.create("socket://[::1]:80"));
	}

	@Test
	void directOrHttpProxiesMeanNoSocksProxy() {
		HttpHost host = new HttpHost("http", "api.example", 80);
		assertThat(SocksProxies.socksProxy(new RecordingSelector(Proxy.NO_PROXY), host)).isNull();
		assertThat(SocksProxies.socksProxy(
				new RecordingSelector(new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved("p", 3128))), host))
			.isNull();
		assertThat(SocksProxies.socksProxy(null, host)).isNull();
	}

	@Test
	void aSocksProxyOfTheSocketConfigWins() {
		SocketAddress configured = InetSocketAddress.createUnresolved("configured", 1080);
		SocketConfig config = SocketConfig.custom().setSocksProxyAddress(configured).build();
		assertThat(SocksProxies.forHost(new HttpHost("http", "api.example", 80), config)).isSameAs(config);
	}

	private static final class RecordingSelector extends ProxySelector {

		private final List<URI> asked = new ArrayList<>();

		private final Proxy proxy;

		RecordingSelector(Proxy proxy) {
			this.proxy = proxy;
		}

		@Override
		public List<Proxy> select(URI uri) {
			this.asked.add(uri);
			return List.of(this.proxy);
		}

		@Override
		public void connectFailed(URI uri, SocketAddress address, IOException ex) {
		}

	}

}
