package io.github.keepalive.client.settings;

/**
 * The adaptive per-route limit: the effective limit of each route moves between
 * {@code minPerRoute} and the pool's {@code maxPerRoute} from observed latency and
 * lease waits.
 *
 * @param enabled whether the per-route limit adapts
 * @param minPerRoute the adaptive limit's floor
 */
public record AdaptiveSettings(boolean enabled, int minPerRoute) {

	/** Setting: the adaptive limit's floor ({@code pool.adaptive.minPerRoute}). */
	public static final ClientSetting MIN_PER_ROUTE = new ClientSetting("pool.adaptive.minPerRoute");

	/** Adaptive limit off, with a floor of 2. */
	public static final AdaptiveSettings DEFAULTS = new AdaptiveSettings(false, 2);

	public AdaptiveSettings {
		InvalidSettingException.check(minPerRoute >= 1, MIN_PER_ROUTE, minPerRoute,
				"must be at least 1");
	}

}
