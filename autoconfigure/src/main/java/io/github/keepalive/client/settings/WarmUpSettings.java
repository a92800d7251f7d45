package io.github.keepalive.client.settings;

import java.time.Duration;

/**
 * Connections opened at start-up, before the application reports ready.
 *
 * @param connections connections opened to the base URL's route; 0 for none
 * @param timeout the longest start-up waits for them
 */
public record WarmUpSettings(int connections, Duration timeout) {

	/** Setting: the connections warmed up ({@code warmUp.connections}). */
	public static final ClientSetting CONNECTIONS = new ClientSetting("warmUp.connections");

	/** Setting: the warm-up's timeout ({@code warmUp.timeout}). */
	public static final ClientSetting TIMEOUT = new ClientSetting("warmUp.timeout");

	/** No warm-up, 10 s timeout. */
	public static final WarmUpSettings DEFAULTS = new WarmUpSettings(0, Duration.ofSeconds(10));

	public WarmUpSettings {
		InvalidSettingException.check(connections >= 0, CONNECTIONS, connections,
				"must be 0 or more");
		InvalidSettingException.checkPositive(TIMEOUT, timeout);
	}

}
