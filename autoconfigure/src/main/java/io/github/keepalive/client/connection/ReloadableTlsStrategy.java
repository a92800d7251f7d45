package io.github.keepalive.client.connection;

import java.io.IOException;
import java.net.Socket;

import javax.net.ssl.SSLSocket;

import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.protocol.HttpContext;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * A client's TLS strategy whose SSL bundle can be replaced while the client runs: every
 * TLS handshake uses the bundle current at that moment, and each replacement starts a new
 * generation, which the connections made before it compare with their own to know that
 * they are outdated.
 */
public final class ReloadableTlsStrategy implements TlsSocketStrategy {

	private volatile Material current;

	/**
	 * A strategy over a bundle.
	 * @param bundle the bundle, or {@code null} for the JVM's defaults
	 */
	public ReloadableTlsStrategy(@Nullable SslBundle bundle) {
		this.current = new Material(bundle, SslBundleTlsStrategy.of(bundle), 0);
	}

	@Override
	public SSLSocket upgrade(Socket socket, String target, int port, Object attachment, HttpContext context)
			throws IOException {
		return this.current.strategy().upgrade(socket, target, port, attachment, context);
	}

	/**
	 * Uses the given bundle for every handshake from now on.
	 * @param bundle the new bundle
	 */
	public synchronized void reload(SslBundle bundle) {
		this.current = new Material(bundle, SslBundleTlsStrategy.of(bundle), this.current.generation() + 1);
	}

	/**
	 * The generation of the current material: 0 for the first, one more at each reload.
	 * @return the generation
	 */
	public int generation() {
		return this.current.generation();
	}

	/**
	 * The bundle handshakes use now.
	 * @return the bundle, or {@code null} for the JVM's defaults
	 */
	public @Nullable SslBundle bundle() {
		return this.current.bundle();
	}

	private record Material(@Nullable SslBundle bundle, TlsSocketStrategy strategy, int generation) {

	}

}
