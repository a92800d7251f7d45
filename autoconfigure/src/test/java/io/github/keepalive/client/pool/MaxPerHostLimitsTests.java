package io.github.keepalive.client.pool;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import java.time.Duration;

import io.github.keepalive.client.connection.ConnectionLifePolicy;
import io.github.keepalive.client.connection.InstrumentedConnectionManagerBuilder;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which {@code pool.max-per-host} key applies to which route.
 */
class MaxPerHostLimitsTests {

	private ConnectionPool pool;

	@AfterEach
	void close() {
		if (this.pool != null) {
			this.pool.close();
		}
	}

	private ConnectionPool pool(Map<String, Integer> maxPerHost) {
		close();
		InstrumentedConnectionManagerBuilder builder = new InstrumentedConnectionManagerBuilder();
		builder.setMaxConnPerRoute(30);
		this.pool = new ConnectionPool("test", builder,
				ConnectionLifePolicy.fixed(Duration.ofMinutes(5)), maxPerHost, new LeaseStatistics(),
				PoolListener.NONE, null, null);
		return this.pool;
	}

	@Test
	void hostAndPortKeyWinsOverHostKeyWhateverTheirOrder() {
		Map<String, Integer> hostFirst = new LinkedHashMap<>();
		hostFirst.put("api.example.com", 5);
		hostFirst.put("API.example.com:443", 12);
		Map<String, Integer> portFirst = new LinkedHashMap<>();
		portFirst.put("api.example.com:443", 12);
		portFirst.put("api.example.com", 5);
		for (Map<String, Integer> keys : List.of(hostFirst, portFirst)) {
			MaxPerHostLimits limits = new MaxPerHostLimits(keys);
			ConnectionPool pool = pool(keys);
			assertThat(pool.usage(direct("https", "api.example.com", 443)).max()).isEqualTo(12);
			assertThat(pool.usage(direct("http", "api.example.com", 80)).max()).isEqualTo(5);
			assertThat(limits.limitFor(new HttpHost("https", "api.example.com", 443))).isEqualTo(12);
			assertThat(limits.limitFor(new HttpHost("https", "Api.Example.com", 8443))).isEqualTo(5);
			assertThat(limits.limitFor(new HttpHost("https", "other.example.com", 443))).isNull();
		}
	}

	@Test
	void hostKeyAppliesToARouteThroughAProxy() {
		MaxPerHostLimits limits = new MaxPerHostLimits(Map.of("api.example.com", 4));
		ConnectionPool pool = pool(Map.of("api.example.com", 4));
		HttpRoute proxied = new HttpRoute(new HttpHost("https", "api.example.com", 8443), null,
				new HttpHost("proxy.example.com", 3128), true);
		assertThat(limits.limitFor(proxied.getTargetHost())).isEqualTo(4);
		assertThat(pool.usage(direct("https", "unrelated.example.com", 443)).max()).isEqualTo(30);
	}

	private static HttpRoute direct(String scheme, String host, int port) {
		return new HttpRoute(new HttpHost(scheme, host, port), null, "https".equals(scheme));
	}

}
