package io.github.keepalive.autoconfigure;

import java.util.concurrent.atomic.AtomicReference;

import io.github.keepalive.client.KeepAliveClients;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

/**
 * Passes every reload of an SSL bundle ({@code reload-on-update: true}, when Spring Boot
 * sees its files change) on to the keep-alive clients, so that the clients whose
 * connections use that bundle use the reloaded one for every new connection.
 */
final class KeepAliveSslBundleReloads {

	KeepAliveSslBundleReloads(SslBundles sslBundles, KeepAliveClients clients) {
		for (String name : sslBundles.getBundleNames()) {
			// the clients know a bundle by the instance they were built with, then by its reloads
			AtomicReference<SslBundle> current = new AtomicReference<>(sslBundles.getBundle(name));
			sslBundles.addBundleUpdateHandler(name,
					(reloaded) -> clients.reloadSslBundle(current.getAndSet(reloaded), reloaded));
		}
	}

}
