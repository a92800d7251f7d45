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
 * they are outdated. The JVM's TLS machinery (an {@code SSLContext}, the trust store) is
 * set up at the first handshake, not when the client is built: a client that never opens
 * a TLS connection does not pay for it at start-up.
 */
public final class ReloadableTlsStrategy implements TlsSocketStrategy {

	private volatile Material current;

	/**
	 * A strategy over a bundle.
	 * @param bundle the bundle, or {@code null} for the JVM's defaults
	 */
	public ReloadableTlsStrategy(@Nullable SslBundle bundle) {
		this.current = new Material(bundle, 0);
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
		this.current = new Material(bundle, this.current.generation() + 1);
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

	/**
	 * One generation of TLS material, its strategy built at its first handshake.
	 */
	private static final class Material {

		private final @Nullable SslBundle bundle;

		private final int generation;

		private volatile @Nullable TlsSocketStrategy strategy;

		Material(@Nullable SslBundle bundle, int generation) {
			this.bundle = bundle;
			this.generation = generation;
		}

		@Nullable SslBundle bundle() {
			return this.bundle;
		}

		int generation() {
			return this.generation;
		}

		TlsSocketStrategy strategy() {
			TlsSocketStrategy strategy = this.strategy;
			if (strategy == null) {
				synchronized (this) {
					strategy = this.strategy;
					if (strategy == null) {
						strategy = SslBundleTlsStrategy.of(this.bundle);
						this.strategy = strategy;
					}
				}
			}
			return strategy;
		}

	}

}
