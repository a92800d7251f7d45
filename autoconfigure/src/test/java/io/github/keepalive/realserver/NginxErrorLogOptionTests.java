package io.github.keepalive.realserver;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Tests for {@link NginxServer.ErrorLogOption}: {@code -e} only for the nginx versions
 * that have it. Runs without nginx.
 */
class NginxErrorLogOptionTests {

	@Test
	void nginxOfUbuntu2204AndDebian11HasNoErrorLogOption() {
		assertThat(NginxServer.ErrorLogOption.supported("nginx version: nginx/1.18.0 (Ubuntu)")).isFalse();
		assertThat(NginxServer.ErrorLogOption.supported("nginx version: nginx/1.19.4")).isFalse();
	}

	@Test
	void nginxFrom1195HasIt() {
		assertThat(NginxServer.ErrorLogOption.supported("nginx version: nginx/1.19.5")).isTrue();
		assertThat(NginxServer.ErrorLogOption.supported("nginx version: nginx/1.19.10")).isTrue();
		assertThat(NginxServer.ErrorLogOption.supported("nginx version: nginx/1.22.1")).isTrue();
		assertThat(NginxServer.ErrorLogOption.supported("nginx version: nginx/2.0.0")).isTrue();
	}

	@Test
	void unknownVersionFails() {
		assertThatIllegalStateException().isThrownBy(() -> NginxServer.ErrorLogOption.supported("openresty"))
			.withMessageContaining("openresty");
	}

}
