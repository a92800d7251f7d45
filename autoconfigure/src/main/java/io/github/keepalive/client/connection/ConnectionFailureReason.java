package io.github.keepalive.client.connection;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.UnknownHostException;
import java.util.Locale;

import javax.net.ssl.SSLException;

/**
 * Why an attempt to establish a connection failed.
 */
public enum ConnectionFailureReason {

	/** The server refused the TCP connection, reset it or could not be reached. */
	REFUSED,

	/** The connect or the TLS handshake timed out. */
	TIMEOUT,

	/** The TLS handshake failed (certificate, protocol, or the server ended it). */
	TLS,

	/** The host name could not be resolved. */
	DNS,

	/** The proxy refused the tunnel ({@code CONNECT}), or its authentication. */
	PROXY;

	/**
	 * The reason for an exception thrown while connecting.
	 * @param failure the exception
	 * @param duringTls whether it was thrown once the TCP connection was up, in the TLS
	 * handshake
	 * @return the reason
	 */
	static ConnectionFailureReason of(IOException failure, boolean duringTls) {
		if (failure instanceof UnknownHostException) {
			return DNS;
		}
		// SocketTimeoutException, and HttpClient's ConnectTimeoutException wrapping it
		if (failure instanceof InterruptedIOException) {
			return TIMEOUT;
		}
		return (failure instanceof SSLException || duringTls) ? TLS : REFUSED;
	}

	/**
	 * The reason as a meter tag value, e.g. {@code refused}.
	 * @return the tag value
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
