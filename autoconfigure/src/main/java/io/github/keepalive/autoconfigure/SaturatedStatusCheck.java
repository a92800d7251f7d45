package io.github.keepalive.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Checks that {@code keepalive.health.saturated-status} is a health status Spring Boot
 * knows, so that a misspelled {@code OUT_OF_SERVCE} does not silently report a saturated
 * pool with a status that no status order or HTTP mapping knows.
 */
final class SaturatedStatusCheck {

	static final String PROPERTY = "keepalive.health.saturated-status";

	private static final String STATUS_ORDER = "management.endpoint.health.status.order";

	private static final List<String> BUILT_IN_STATUSES = List.of("UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN");

	/**
	 * Checks the saturated status, if set.
	 * @param binder the binder of the environment
	 * @throws InvalidKeepAlivePropertyException if the status is not known
	 */
	void check(Binder binder) {
		String status = binder.bind(PROPERTY, String.class).orElse(null);
		if (status == null) {
			return;
		}
		List<String> statuses = new ArrayList<>(BUILT_IN_STATUSES);
		binder.bind(STATUS_ORDER, Bindable.listOf(String.class))
			.orElse(List.of())
			.stream()
			.filter((custom) -> statuses.stream().noneMatch((known) -> sameStatus(known, custom)))
			.forEach(statuses::add);
		if (statuses.stream().anyMatch((known) -> sameStatus(known, status))) {
			return;
		}
		String closest = ClosestMatch.of(status, statuses);
		String known = String.join(", ", statuses);
		throw new InvalidKeepAlivePropertyException(PROPERTY, status, "not a known health status (" + known + ")",
				((closest != null) ? "Did you mean " + closest + "? " : "") + "Set " + PROPERTY + " to one of " + known
						+ ", or list a custom status in " + STATUS_ORDER + ".");
	}

	/**
	 * Whether two status codes are the same to Spring Boot, which orders and maps them by
	 * their letters and digits, ignoring case.
	 */
	private static boolean sameStatus(String code, String other) {
		return uniform(code).equals(uniform(other));
	}

	private static String uniform(String code) {
		return code.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
	}

}
