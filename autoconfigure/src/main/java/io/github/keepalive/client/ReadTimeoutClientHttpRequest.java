package io.github.keepalive.client;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.time.Duration;
import java.util.Map;

import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.protocol.HttpClientContext;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.Timeout;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.StreamingHttpOutputMessage;
import org.springframework.http.client.ClientHttpRequest;
import org.springframework.http.client.ClientHttpResponse;

/**
 * A request of {@link KeepAliveClientHttpRequestFactory} that, when executed, applies the
 * {@link KeepAliveRequestAttributes#READ_TIMEOUT} attribute as the response timeout of its
 * {@link HttpContext}: Spring's request does not hand its attributes to HttpClient.
 * Everything else is the wrapped request's, streaming of the body included.
 */
final class ReadTimeoutClientHttpRequest implements ClientHttpRequest, StreamingHttpOutputMessage {

	private final ClientHttpRequest request;

	private final HttpClientContext context;

	ReadTimeoutClientHttpRequest(ClientHttpRequest request, HttpContext context) {
		this.request = request;
		this.context = HttpClientContext.castOrCreate(context);
	}

	@Override
	public ClientHttpResponse execute() throws IOException {
		Object readTimeout = getAttributes().get(KeepAliveRequestAttributes.READ_TIMEOUT);
		if (readTimeout != null) {
			RequestConfig config = RequestConfig.copy(this.context.getRequestConfigOrDefault())
				.setResponseTimeout(Timeout.of(asDuration(readTimeout)))
				.build();
			this.context.setRequestConfig(config);
		}
		return this.request.execute();
	}

	private static Duration asDuration(Object readTimeout) {
		if (!(readTimeout instanceof Duration duration) || duration.isNegative()) {
			throw new IllegalArgumentException("Request attribute '" + KeepAliveRequestAttributes.READ_TIMEOUT
					+ "' must be a Duration of zero (no timeout) or more, but was " + readTimeout);
		}
		return duration;
	}

	@Override
	public HttpMethod getMethod() {
		return this.request.getMethod();
	}

	@Override
	public URI getURI() {
		return this.request.getURI();
	}

	@Override
	public Map<String, Object> getAttributes() {
		return this.request.getAttributes();
	}

	@Override
	public HttpHeaders getHeaders() {
		return this.request.getHeaders();
	}

	@Override
	public OutputStream getBody() throws IOException {
		return this.request.getBody();
	}

	@Override
	public void setBody(Body body) {
		((StreamingHttpOutputMessage) this.request).setBody(body);
	}

}
