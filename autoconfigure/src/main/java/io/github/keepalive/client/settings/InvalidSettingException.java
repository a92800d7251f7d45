package io.github.keepalive.client.settings;

import java.time.Duration;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Thrown when a keep-alive client setting has a value the client cannot run with. The
 * setting is named as a {@link ClientSetting} (with its key, for an entry of a map), so
 * that whoever maps properties can name the property the value came from.
 */
public class InvalidSettingException extends IllegalArgumentException {

	private final ClientSetting setting;

	private final @Nullable String key;

	private final @Nullable Object value;

	private final String requirement;

	private final @Nullable ClientSetting limitingSetting;

	private final @Nullable Object limit;

	InvalidSettingException(ClientSetting setting, @Nullable String key, @Nullable Object value, String requirement,
			@Nullable ClientSetting limitingSetting, @Nullable Object limit) {
		super("Invalid " + setting.field(key) + " '" + value + "': "
				+ render(requirement, limitingSetting, limit, ClientSetting::field));
		this.setting = setting;
		this.key = key;
		this.value = value;
		this.requirement = requirement;
		this.limitingSetting = limitingSetting;
		this.limit = limit;
	}

	static void check(boolean valid, ClientSetting setting, @Nullable Object value, String requirement) {
		if (!valid) {
			throw new InvalidSettingException(setting, null, value, requirement, null, null);
		}
	}

	static void checkAgainst(boolean valid, ClientSetting setting, @Nullable Object value, String requirement,
			ClientSetting limitingSetting, Object limit) {
		if (!valid) {
			throw new InvalidSettingException(setting, null, value, requirement, limitingSetting, limit);
		}
	}

	static void checkPositive(ClientSetting setting, @Nullable Duration value) {
		check(value == null || (!value.isNegative() && !value.isZero()), setting, value, "must be a positive duration");
	}

	/**
	 * The invalid setting, e.g. {@link PoolSettings#MAX_PER_ROUTE}.
	 * @return the setting
	 */
	public ClientSetting getSetting() {
		return this.setting;
	}

	/**
	 * The key of the invalid entry, for a setting that is a map
	 * ({@link PoolSettings#MAX_PER_HOST}), else {@code null}.
	 * @return the key
	 */
	public @Nullable String getKey() {
		return this.key;
	}

	/**
	 * The invalid value, credentials masked.
	 * @return the value
	 */
	public @Nullable Object getValue() {
		return this.value;
	}

	/**
	 * The other setting that bounds this one, e.g. {@link PoolSettings#MAX_TOTAL},
	 * or {@code null}.
	 * @return the limiting setting
	 */
	public @Nullable ClientSetting getLimitingSetting() {
		return this.limitingSetting;
	}

	/**
	 * What a valid value is, with the limiting setting named by the given function.
	 * @param names turns a setting into the name to show, e.g. a full property name
	 * @return the requirement, e.g. {@code must not exceed keepalive.pool.max-total (10)}
	 */
	public String getRequirement(Function<ClientSetting, String> names) {
		return render(this.requirement, this.limitingSetting, this.limit, names);
	}

	private static String render(String requirement, @Nullable ClientSetting limitingSetting, @Nullable Object limit,
			Function<ClientSetting, String> names) {
		return (limitingSetting != null) ? requirement + " " + names.apply(limitingSetting) + " (" + limit + ")"
				: requirement;
	}

}
