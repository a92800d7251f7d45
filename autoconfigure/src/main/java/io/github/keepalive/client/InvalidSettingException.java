package io.github.keepalive.client;

import java.util.function.UnaryOperator;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a keep-alive client setting has a value the client cannot run with. The
 * setting is named as its property is, relative to the client ({@code pool.max-total}),
 * so that whoever maps properties can name the full property, and where an inherited
 * value came from.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private final String setting;

	private final @Nullable Object value;

	private final String requirement;

	private final @Nullable String limitingSetting;

	private final @Nullable Object limit;

	InvalidSettingException(String setting, @Nullable Object value, String requirement,
			@Nullable String limitingSetting, @Nullable Object limit) {
		super("Invalid " + setting + " '" + value + "': " + render(requirement, limitingSetting, limit,
				UnaryOperator.identity()));
		this.setting = setting;
		this.value = value;
		this.requirement = requirement;
		this.limitingSetting = limitingSetting;
		this.limit = limit;
	}

	static void check(boolean valid, String setting, @Nullable Object value, String requirement) {
		if (!valid) {
			throw new InvalidSettingException(setting, value, requirement, null, null);
		}
	}

	static void checkAgainst(boolean valid, String setting, @Nullable Object value, String requirement,
			String limitingSetting, Object limit) {
		if (!valid) {
			throw new InvalidSettingException(setting, value, requirement, limitingSetting, limit);
		}
	}

	/**
	 * The invalid setting, e.g. {@code pool.max-per-route}.
	 * @return the setting
	 */
	public String getSetting() {
		return this.setting;
	}

	/**
	 * The invalid value, credentials masked.
	 * @return the value
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * The other setting that bounds this one, e.g. {@code pool.max-total}, or {@code null}.
	 * @return the limiting setting
	 */
	public @Nullable String getLimitingSetting() {
		return this.limitingSetting;
	}

	/**
	 * What a valid value is, with each setting named by the given function.
	 * @param names turns a setting into the name to show, e.g. a full property name
	 * @return the requirement, e.g. {@code must not exceed keepalive.pool.max-total (10)}
	 */
	public String getRequirement(UnaryOperator<String> names) {
		return render(this.requirement, this.limitingSetting, this.limit, names);
	}

	private static String render(String requirement, @Nullable String limitingSetting, @Nullable Object limit,
			UnaryOperator<String> names) {
		return (limitingSetting != null) ? requirement + " " + names.apply(limitingSetting) + " (" + limit + ")"
				: requirement;
	}

}
