package io.github.keepalive.client.exec;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

import io.github.keepalive.client.settings.BaseUrl;
import org.apache.hc.core5.http.EntityDetails;
import org.apache.hc.core5.http.HttpHeaders;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.HttpRequestInterceptor;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.net.URIAuthority;
import org.jspecify.annotations.Nullable;

/**
 * Sends the user information of a client's base URL ({@code https://user:password@host})
 * as Basic credentials, on requests to that scheme, host and port only.
 */
public final class BaseUrlCredentials implements HttpRequestInterceptor {

	private final BaseUrl baseUrl;

	private final String authorization;

	private BaseUrlCredentials(BaseUrl baseUrl, String userInfo) {
		this.baseUrl = baseUrl;
		this.authorization = "Basic "
				+ Base64.getEncoder().encodeToString(userInfo.getBytes(StandardCharsets.UTF_8));
	}

	/**
	 * The credentials of a base URL, if it has user information.
	 * @param baseUrl the base URL
	 * @return the interceptor that sends them, or {@code null}
	 */
	public static @Nullable BaseUrlCredentials of(@Nullable BaseUrl baseUrl) {
		String userInfo = (baseUrl != null) ? baseUrl.userInfo() : null;
		return (userInfo != null) ? new BaseUrlCredentials(baseUrl, userInfo) : null;
	}

	@Override
	public void process(HttpRequest request, EntityDetails entity, HttpContext context) {
		URIAuthority authority = request.getAuthority();
		String scheme = request.getScheme();
		if (authority == null || scheme == null || request.containsHeader(HttpHeaders.AUTHORIZATION)) {
			return;
		}
		String requestScheme = scheme.toLowerCase(Locale.ROOT);
		int port = (authority.getPort() != -1) ? authority.getPort() : ("https".equals(requestScheme) ? 443 : 80);
		if (requestScheme.equals(this.baseUrl.scheme()) && authority.getHostName().equalsIgnoreCase(this.baseUrl.host())
				&& port == this.baseUrl.port()) {
			request.setHeader(HttpHeaders.AUTHORIZATION, this.authorization);
		}
	}

	@Override
	public String toString() {
		return "BaseUrlCredentials[" + this.baseUrl.scheme() + "://" + this.baseUrl.host() + ":" + this.baseUrl.port()
				+ "]";
	}

}
