package io.github.keepalive.actuate;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Masks the values of headers that carry secrets before settings leave the application
 * (URL user information is masked by {@code BaseUrl} itself).
 */
final class SensitiveValues {

	static final String MASK = "******";

	private static final Pattern SENSITIVE_HEADER = Pattern
		.compile(".*(authorization|cookie|token|secret|password|passwd|api-?key|credential|session).*");

	private SensitiveValues() {
	}

	static boolean isSensitiveHeader(String name) {
		return SENSITIVE_HEADER.matcher(name.toLowerCase(Locale.ROOT)).matches();
	}

}
