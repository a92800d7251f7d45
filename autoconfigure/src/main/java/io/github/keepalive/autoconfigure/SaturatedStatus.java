package io.github.keepalive.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.contributor.Status;
import org.springframework.core.env.Environment;

/**
 * Maps {@code keepalive.health.saturated-status} to a health {@link Status}, if it is one
 * Spring Boot knows, so that a misspelled {@code OUT_OF_SERVCE} does not silently report
 * a saturated pool with a status that no status order or HTTP mapping knows.
 */
final class SaturatedStatus {

	static final String PROPERTY = "keepalive.health.saturated-status";

	private static final String STATUS_ORDER = "management.endpoint.health.status.order";

	private static final List<String> BUILT_IN_STATUSES = List.of("UP", "DOWN", "OUT_OF_SERVICE", "UNKNOWN");

	private SaturatedStatus() {
	}

	/**
	 * The status of a saturated pool.
	 * @param status the configured status
	 * @param environment the environment, for the custom statuses of
	 * {@code management.endpoint.health.status.order}
	 * @return the status
	 * @throws InvalidKeepAlivePropertyException if the status is not known
	 */
	static Status map(String status, Environment environment) {
		List<String> statuses = new ArrayList<>(BUILT_IN_STATUSES);
		Binder.get(environment)
			.bind(STATUS_ORDER, Bindable.listOf(String.class))
			.orElse(List.of())
			.stream()
			.filter((custom) -> statuses.stream().noneMatch((known) -> sameStatus(known, custom)))
			.forEach(statuses::add);
		if (statuses.stream().anyMatch((known) -> sameStatus(known, status))) {
			return new Status(status);
		}
		String known = String.join(", ", statuses);
		throw new InvalidKeepAlivePropertyException(PROPERTY, status, "not a known health status (" + known + ")",
				"Set " + PROPERTY + " to one of " + known + ", or list a custom status in " + STATUS_ORDER + ".", null,
				statuses);
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
