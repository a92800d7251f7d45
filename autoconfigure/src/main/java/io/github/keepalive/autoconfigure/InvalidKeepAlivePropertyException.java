package io.github.keepalive.autoconfigure;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Thrown at start-up when a {@code keepalive.*} property has a value the starter cannot
 * run with. The message names the full property and the fix.
 */
public class InvalidKeepAlivePropertyException extends IllegalStateException {

	private final String property;

	private final @Nullable Object value;

	private final String reason;

	private final String action;

	private final List<String> knownValues;

	InvalidKeepAlivePropertyException(String property, @Nullable Object value, String reason, String action) {
		this(property, value, reason, action, null, List.of());
	}

	InvalidKeepAlivePropertyException(String property, @Nullable Object value, String reason, String action,
			@Nullable Throwable cause) {
		this(property, value, reason, action, cause, List.of());
	}

	InvalidKeepAlivePropertyException(String property, @Nullable Object value, String reason, String action,
			@Nullable Throwable cause, List<String> knownValues) {
		super("Invalid value '" + value + "' for property '" + property + "': " + reason + ". " + action, cause);
		this.property = property;
		this.value = value;
		this.reason = reason;
		this.action = action;
		this.knownValues = List.copyOf(knownValues);
	}

	/**
	 * The full name of the invalid property, e.g. {@code keepalive.pool.max-per-route}.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The invalid value, with any credentials masked.
	 * @return the value
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * Why the value is invalid.
	 * @return the reason
	 */
	public String getReason() {
		return this.reason;
	}

	/**
	 * What to do about it.
	 * @return the action
	 */
	public String getAction() {
		return this.action;
	}

	/**
	 * The values the property takes, when they are few and known (such as the health
	 * statuses), so that a misspelled one can be matched to the one meant.
	 * @return the known values, or an empty list
	 */
	public List<String> getKnownValues() {
		return this.knownValues;
	}

}
