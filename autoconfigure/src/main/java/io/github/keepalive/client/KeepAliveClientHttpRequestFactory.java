package io.github.keepalive.client;

import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.protocol.HttpClientContext;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpCookieHandling;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;

/**
 * A request factory over a keep-alive client's pool that applies, per request, what
 * Spring Boot's {@link HttpClientSettings} say beyond the connection: the read timeout,
 * whether redirects are followed, and a cookie store of its own (so one caller's cookies
 * never reach another's requests). Settings that differ only in these share the pool.
 */
public class KeepAliveClientHttpRequestFactory extends HttpComponentsClientHttpRequestFactory {

	private final Supplier<? extends HttpClient> httpClient;

	private final boolean followRedirects;

	/**
	 * Creates a factory.
	 * @param httpClient the client's HttpClient, looked up on each request (a derived
	 * client's pool is created on its first request)
	 * @param settings the settings to apply to each request
	 */
	KeepAliveClientHttpRequestFactory(Supplier<? extends HttpClient> httpClient, HttpClientSettings settings) {
		this.httpClient = httpClient;
		this.followRedirects = settings.redirects() != HttpRedirects.DONT_FOLLOW;
		if (settings.readTimeout() != null) {
			setReadTimeout(settings.readTimeout());
		}
		if (settings.cookieHandling() != HttpCookieHandling.DISABLE) {
			BasicCookieStore cookieStore = new BasicCookieStore();
			setHttpContextFactory((method, uri) -> {
				HttpClientContext context = HttpClientContext.create();
				context.setCookieStore(cookieStore);
				return context;
			});
		}
	}

	@Override
	public HttpClient getHttpClient() {
		return this.httpClient.get();
	}

	@Override
	protected RequestConfig mergeRequestConfig(RequestConfig clientConfig) {
		RequestConfig merged = super.mergeRequestConfig(clientConfig);
		return this.followRedirects ? merged : RequestConfig.copy(merged).setRedirectsEnabled(false).build();
	}

}
