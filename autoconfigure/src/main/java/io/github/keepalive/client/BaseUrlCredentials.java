package io.github.keepalive.client;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;
import org.jspecify.annotations.Nullable;

/**
 * Sends the user information of a client's base URL ({@code https://user:password@host})
 * as Basic credentials, on requests to that scheme, host and port only. HttpClient 5
 * rejects request URIs with user information, and Spring would print them in exception
 * messages, so the URL itself is used without it.
 */
final class BaseUrlCredentials implements HttpRequestInterceptor {

	private final String scheme;

	private final String host;

	private final int port;

	private final String authorization;

	private BaseUrlCredentials(URI baseUrl) {
		this.scheme = baseUrl.getScheme().toLowerCase(Locale.ROOT);
		this.host = baseUrl.getHost().toLowerCase(Locale.ROOT);
		this.port = port(this.scheme, baseUrl.getPort());
		this.authorization = "Basic "
				+ Base64.getEncoder().encodeToString(baseUrl.getUserInfo().getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The credentials of a base URL, if it has user information.
	 * @param baseUrl the base URL
	 * @return the interceptor that sends them, or {@code null}
	 */
	static @Nullable BaseUrlCredentials of(@Nullable URI baseUrl) {
		return (baseUrl != null && baseUrl.getRawUserInfo() != null && baseUrl.getHost() != null)
				? new BaseUrlCredentials(baseUrl) : null;
	}

	@Override
	public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
		URIAuthority authority = request.getAuthority();
		String scheme = request.getScheme();
		if (authority == null || scheme == null || request.containsHeader(HttpHeaders.AUTHORIZATION)) {
			return;
		}
		String requestScheme = scheme.toLowerCase(Locale.ROOT);
		if (requestScheme.equals(this.scheme) && authority.getHostName().equalsIgnoreCase(this.host)
				&& port(requestScheme, authority.getPort()) == this.port) {
			request.setHeader(HttpHeaders.AUTHORIZATION, this.authorization);
		}
	}

	/**
	 * The base URL without its user information.
	 * @param baseUrl the base URL
	 * @return the URL to send requests to
	 */
	static @Nullable URI withoutUserInfo(@Nullable URI baseUrl) {
		if (baseUrl == null || baseUrl.getRawUserInfo() == null) {
			return baseUrl;
		}
		// the raw form keeps the rest of the URL exactly as it was written
		String url = baseUrl.toString();
		String userInfo = baseUrl.getRawUserInfo() + "@";
		int start = url.indexOf(userInfo);
		return URI.create(url.substring(0, start) + url.substring(start + userInfo.length()));
	}

	private static int port(String scheme, int port) {
		return (port != -1) ? port : ("https".equals(scheme) ? 443 : 80);
	}

	@Override
	public String toString() {
		return "BaseUrlCredentials[" + this.scheme + "://" + this.host + ":" + this.port + "]";
	}

}
