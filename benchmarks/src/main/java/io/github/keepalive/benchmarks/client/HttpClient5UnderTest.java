package io.github.keepalive.benchmarks.client;

import java.io.IOException;

import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.core5.http.io.entity.EntityUtils;

/**
 * An HttpClient 5 called directly, without Spring: the classic {@code execute} with a
 * response handler, which reads the body and then consumes the entity (releasing the
 * connection to the pool).
 */
final class HttpClient5UnderTest implements ClientUnderTest {

	private final CloseableHttpClient httpClient;

	private final int maxPerRoute;

	private final Runnable onClose;

	HttpClient5UnderTest(CloseableHttpClient httpClient, int maxPerRoute, Runnable onClose) {
		this.httpClient = httpClient;
		this.maxPerRoute = maxPerRoute;
		this.onClose = onClose;
	}

	@Override
	public byte[] get(String url) throws IOException {
		return this.httpClient.execute(new HttpGet(url), (response) -> {
			if (response.getCode() != 200) {
				EntityUtils.consume(response.getEntity());
				throw new IOException("HTTP " + response.getCode());
			}
			return EntityUtils.toByteArray(response.getEntity());
		});
	}

	@Override
	public int maxConnectionsPerRoute() {
		return this.maxPerRoute;
	}

	@Override
	public void close() {
		this.onClose.run();
	}

}
