package io.github.keepalive.client.exec;

import java.time.Duration;

import org.apache.hc.client5.http.ConnectionKeepAliveStrategy;
import org.apache.hc.client5.http.impl.DefaultConnectionKeepAliveStrategy;
import org.apache.hc.core5.http.HttpResponse;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.apache.hc.core5.util.TimeValue;

/**
 * HttpClient's keep-alive strategy capped at the client's idle timeout: a server that
 * announces a shorter {@code Keep-Alive: timeout} still wins, one that announces a longer
 * one (or none) gets the idle timeout.
 */
public final class IdleTimeoutKeepAliveStrategy implements ConnectionKeepAliveStrategy {

	private final TimeValue idleTimeout;

	public IdleTimeoutKeepAliveStrategy(Duration idleTimeout) {
		this.idleTimeout = TimeValue.ofMilliseconds(idleTimeout.toMillis());
	}

	@Override
	public TimeValue getKeepAliveDuration(HttpResponse response, HttpContext context) {
		TimeValue announced = DefaultConnectionKeepAliveStrategy.INSTANCE.getKeepAliveDuration(response, context);
		return (TimeValue.isPositive(announced) && announced.compareTo(this.idleTimeout) < 0) ? announced
				: this.idleTimeout;
	}

}
