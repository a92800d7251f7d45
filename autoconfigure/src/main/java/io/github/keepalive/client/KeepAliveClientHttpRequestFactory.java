package io.github.keepalive.client;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.function.Supplier;

import org.apache.hc.client5.http.classic.HttpClient;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.cookie.BasicCookieStore;
import org.apache.hc.client5.http.cookie.StandardCookieSpec;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.HttpCookieHandling;
import org.springframework.boot.http.client.HttpRedirects;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.util.Assert;

/**
 * A request factory over a keep-alive client's pool that applies, per request, what
 * Spring Boot's {@link HttpClientSettings} say beyond the connection: the read timeout,
 * whether redirects are followed, and a cookie store of its own (so one caller's cookies
 * never reach another's requests). Settings that differ only in these share the pool. A
 * request's own {@link KeepAliveRequestAttributes#READ_TIMEOUT} attribute overrides the
 * read timeout for that request alone.
 */
public class KeepAliveClientHttpRequestFactory extends HttpComponentsClientHttpRequestFactory {

	private final Supplier<? extends HttpClient> httpClient;

	private final boolean followRedirects;

	private final boolean ignoreCookies;

	// the request config of the last client: the same for each of its requests, so built once
	private volatile @Nullable ClientRequestConfig requestConfig;

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
		// as Boot's own client: no cookie goes out, not even from HttpClient's own store
		this.ignoreCookies = settings.cookieHandling() == HttpCookieHandling.DISABLE;
		if (!this.ignoreCookies) {
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
	public ClientHttpRequest createRequest(URI uri, HttpMethod httpMethod) throws IOException {
		// Spring's request keeps its HttpContext to itself: a factory of one request keeps it
		// for the request's wrapper
		OneRequestFactory oneRequest = new OneRequestFactory(this);
		ClientHttpRequest request = oneRequest.createRequest(uri, httpMethod);
		HttpContext context = oneRequest.context;
		Assert.state(context != null, "No HttpContext was created for the request");
		return new ReadTimeoutClientHttpRequest(request, context);
	}

	@Override
	public void setConnectionRequestTimeout(int connectionRequestTimeout) {
		super.setConnectionRequestTimeout(connectionRequestTimeout);
		this.requestConfig = null;
	}

	@Override
	public void setConnectionRequestTimeout(Duration connectionRequestTimeout) {
		super.setConnectionRequestTimeout(connectionRequestTimeout);
		this.requestConfig = null;
	}

	@Override
	public void setReadTimeout(int readTimeout) {
		super.setReadTimeout(readTimeout);
		this.requestConfig = null;
	}

	@Override
	public void setReadTimeout(Duration readTimeout) {
		super.setReadTimeout(readTimeout);
		this.requestConfig = null;
	}

	/**
	 * The client's request config merged with this factory's timeouts and settings, built
	 * at the client's first request and kept (Spring's factory builds it for each
	 * request): the client's config and the factory's settings only change through the
	 * setters, which drop it.
	 */
	@Override
	protected @Nullable RequestConfig createRequestConfig(Object client) {
		ClientRequestConfig cached = this.requestConfig;
		if (cached == null || cached.client() != client) {
			cached = new ClientRequestConfig(client, super.createRequestConfig(client));
			this.requestConfig = cached;
		}
		return cached.config();
	}

	@Override
	protected HttpContext createHttpContext(HttpMethod httpMethod, URI uri) {
		HttpContext context = super.createHttpContext(httpMethod, uri);
		return (context != null) ? context : HttpClientContext.create();
	}

	@Override
	protected RequestConfig mergeRequestConfig(RequestConfig clientConfig) {
		RequestConfig merged = super.mergeRequestConfig(clientConfig);
		if (this.followRedirects && !this.ignoreCookies) {
			return merged;
		}
		RequestConfig.Builder config = RequestConfig.copy(merged);
		if (!this.followRedirects) {
			config.setRedirectsEnabled(false);
		}
		if (this.ignoreCookies) {
			config.setCookieSpec(StandardCookieSpec.IGNORE);
		}
		return config.build();
	}

	private record ClientRequestConfig(Object client, @Nullable RequestConfig config) {
	}

	/**
	 * Spring's factory for one request, which creates it as the keep-alive factory says and
	 * keeps the context it made: a small object per request, and no state shared between
	 * two calls of Spring's.
	 */
	private static final class OneRequestFactory extends HttpComponentsClientHttpRequestFactory {

		private final KeepAliveClientHttpRequestFactory factory;

		private @Nullable HttpContext context;

		OneRequestFactory(KeepAliveClientHttpRequestFactory factory) {
			super(factory.getHttpClient());
			this.factory = factory;
		}

		@Override
		protected RequestConfig createRequestConfig(Object client) {
			return this.factory.createRequestConfig(client);
		}

		@Override
		protected ClassicHttpRequest createHttpUriRequest(HttpMethod httpMethod, URI uri) {
			return this.factory.createHttpUriRequest(httpMethod, uri);
		}

		@Override
		protected void postProcessHttpRequest(ClassicHttpRequest request) {
			this.factory.postProcessHttpRequest(request);
		}

		@Override
		protected HttpContext createHttpContext(HttpMethod httpMethod, URI uri) {
			HttpContext context = this.factory.createHttpContext(httpMethod, uri);
			this.context = context;
			return context;
		}

	}

}
