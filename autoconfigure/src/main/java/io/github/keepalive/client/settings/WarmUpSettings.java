package io.github.keepalive.client.settings;

import java.time.Duration;

/**
 * Connections opened at start-up, before the application reports ready.
 *
 * @param connections connections opened to the base URL's route; 0 for none
 * @param timeout the longest start-up waits for them
 */
public record WarmUpSettings(int connections, Duration timeout) {

	/** No warm-up, 10 s timeout. */
	public static final WarmUpSettings DEFAULTS = new WarmUpSettings(0, Duration.ofSeconds(10));

	public WarmUpSettings {
		InvalidSettingException.check(connections >= 0, ClientSetting.WARM_UP_CONNECTIONS, connections,
				"must be 0 or more");
		InvalidSettingException.checkPositive(ClientSetting.WARM_UP_TIMEOUT, timeout);
	}

}
