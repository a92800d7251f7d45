package io.github.keepalive.client;

import java.util.Map;
import java.util.WeakHashMap;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

/**
 * Each SSL bundle that was reloaded, and the bundle it is now, for settings made before a
 * reload that name it (a client derived later): they get the bundle as it is now. Held
 * weakly, so that a replaced bundle and its key material go once nothing else refers to
 * them; no chain of replaced bundles is kept.
 */
final class ReloadedSslBundles {

	private final Map<SslBundle, SslBundle> current = new WeakHashMap<>();

	/**
	 * A bundle was reloaded.
	 * @param previous the bundle as it was
	 * @param reloaded the bundle as it is now
	 */
	synchronized void reloaded(SslBundle previous, SslBundle reloaded) {
		// every bundle that became the previous one becomes the reloaded one
		this.current.replaceAll((bundle, now) -> (now == previous) ? reloaded : now);
		this.current.put(previous, reloaded);
	}

	/**
	 * The bundle as it is now.
	 * @param bundle a bundle, perhaps reloaded since
	 * @return the bundle it is now, or the same one if it was never reloaded
	 */
	synchronized @Nullable SslBundle current(@Nullable SslBundle bundle) {
		if (bundle == null) {
			return null;
		}
		SslBundle now = this.current.get(bundle);
		return (now != null) ? now : bundle;
	}

}
