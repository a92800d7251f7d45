package io.github.keepalive.actuate;

import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Masks credentials before settings leave the application: URL user information and the
 * values of headers that carry secrets.
 */
final class SensitiveValues {

	static final String MASK = "******";

	private static final Pattern SENSITIVE_HEADER = Pattern
		.compile(".*(authorization|cookie|token|secret|password|passwd|api-?key|credential|session).*");

	private SensitiveValues() {
	}

	static @Nullable String url(@Nullable URI url) {
		if (url == null) {
			return null;
		}
		return (url.getRawUserInfo() != null) ? url.toString().replace(url.getRawUserInfo() + "@", MASK + "@")
				: url.toString();
	}

	static boolean isSensitiveHeader(String name) {
		return SENSITIVE_HEADER.matcher(name.toLowerCase(Locale.ROOT)).matches();
	}

}
