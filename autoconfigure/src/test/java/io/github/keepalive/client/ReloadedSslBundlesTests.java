package io.github.keepalive.client;

import org.junit.jupiter.api.Test;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslStoreBundle;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link ReloadedSslBundles}: a bundle named by settings made before a reload
 * resolves to the bundle as it is now, through any number of reloads.
 */
class ReloadedSslBundlesTests {

	private final ReloadedSslBundles bundles = new ReloadedSslBundles();

	@Test
	void aBundleNeverReloadedIsItselfAndNoBundleIsNone() {
		SslBundle bundle = bundle();
		assertThat(this.bundles.current(bundle)).isSameAs(bundle);
		assertThat(this.bundles.current(null)).isNull();
	}

	@Test
	void aReloadedBundleIsTheOneItWasReloadedAs() {
		SslBundle first = bundle();
		SslBundle second = bundle();
		SslBundle other = bundle();
		this.bundles.reloaded(first, second);
		assertThat(this.bundles.current(first)).isSameAs(second);
		assertThat(this.bundles.current(second)).isSameAs(second);
		assertThat(this.bundles.current(other)).isSameAs(other);
	}

	@Test
	void everyEarlierBundleFollowsTheLatestReload() {
		SslBundle first = bundle();
		SslBundle second = bundle();
		SslBundle third = bundle();
		this.bundles.reloaded(first, second);
		this.bundles.reloaded(second, third);
		assertThat(this.bundles.current(first)).isSameAs(third);
		assertThat(this.bundles.current(second)).isSameAs(third);
		assertThat(this.bundles.current(third)).isSameAs(third);
	}

	private static SslBundle bundle() {
		return SslBundle.of(SslStoreBundle.NONE);
	}

}
