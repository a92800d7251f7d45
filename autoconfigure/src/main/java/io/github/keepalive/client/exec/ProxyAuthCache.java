package io.github.keepalive.client.exec;

import java.io.IOException;

import org.apache.hc.client5.http.classic.ExecChain;
import org.apache.hc.client5.http.classic.ExecChainHandler;
import org.apache.hc.client5.http.impl.auth.BasicAuthCache;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.HttpException;

/**
 * Keeps a client's proxy login across requests. Spring's request factory gives each
 * request a new context, so HttpClient would forget a successful proxy login and take a
 * 407 round trip on every request; with one cache per client the proxy challenges once,
 * and the login is sent preemptively after that.
 */
public final class ProxyAuthCache implements ExecChainHandler {

	/** Name of the handler in the exec chain. */
	public static final String NAME = "keepalive-proxy-auth-cache";

	private final BasicAuthCache authCache = new BasicAuthCache();

	@Override
	public ClassicHttpResponse execute(ClassicHttpRequest request, ExecChain.Scope scope, ExecChain chain)
			throws IOException, HttpException {
		if (scope.clientContext.getAuthCache() == null) {
			scope.clientContext.setAuthCache(this.authCache);
		}
		return chain.proceed(request, scope);
	}

}
