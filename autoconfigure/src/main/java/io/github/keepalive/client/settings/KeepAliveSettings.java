package io.github.keepalive.client.settings;

import java.time.Duration;

/**
 * Connection keep-alive settings.
 *
 * @param enabled whether connections are reused; {@code false} sends
 * {@code Connection: close} on every request
 * @param idleTimeout an idle connection is not reused after this long; a shorter
 * {@code Keep-Alive: timeout} from the server wins
 * @param timeToLive a connection's whole life, however busy
 * @param validateAfterInactivity a connection idle this long is also checked for
 * staleness when leased (every reused connection is checked just before its request is
 * written)
 * @param timeToLiveJitter each connection's life is the time-to-live minus a random
 * amount up to this, so that connections opened together do not expire together
 */
public record KeepAliveSettings(boolean enabled, Duration idleTimeout, Duration timeToLive,
		Duration validateAfterInactivity, Duration timeToLiveJitter) {

	/** Setting: the idle timeout ({@code keepAlive.idleTimeout}). */
	public static final ClientSetting IDLE_TIMEOUT = new ClientSetting("keepAlive.idleTimeout");

	/** Setting: the time-to-live ({@code keepAlive.timeToLive}). */
	public static final ClientSetting TIME_TO_LIVE = new ClientSetting("keepAlive.timeToLive");

	/** Setting: the idle time after which a lease also checks ({@code keepAlive.validateAfterInactivity}). */
	public static final ClientSetting VALIDATE_AFTER_INACTIVITY = new ClientSetting("keepAlive.validateAfterInactivity");

	/** Setting: the time-to-live's jitter ({@code keepAlive.timeToLiveJitter}). */
	public static final ClientSetting TIME_TO_LIVE_JITTER = new ClientSetting("keepAlive.timeToLiveJitter");

	/** The starter's default keep-alive policy. */
	public static final KeepAliveSettings DEFAULTS = new KeepAliveSettings(true, Duration.ofSeconds(30),
			Duration.ofMinutes(5), Duration.ofSeconds(1), defaultJitter(Duration.ofMinutes(5)));

	public KeepAliveSettings {
		InvalidSettingException.checkPositive(IDLE_TIMEOUT, idleTimeout);
		InvalidSettingException.checkPositive(TIME_TO_LIVE, timeToLive);
		InvalidSettingException.checkPositive(VALIDATE_AFTER_INACTIVITY,
				validateAfterInactivity);
		InvalidSettingException.check(!timeToLiveJitter.isNegative(), TIME_TO_LIVE_JITTER,
				timeToLiveJitter, "must not be negative");
		InvalidSettingException.checkAgainst(timeToLiveJitter.compareTo(timeToLive) < 0,
				TIME_TO_LIVE_JITTER, timeToLiveJitter, "must be less than",
				TIME_TO_LIVE, timeToLive);
	}

	/**
	 * The jitter used when none is set: a tenth of the time-to-live.
	 * @param timeToLive the time-to-live
	 * @return the jitter
	 */
	public static Duration defaultJitter(Duration timeToLive) {
		return timeToLive.dividedBy(10);
	}

	/**
	 * A copy with another stale-check interval.
	 * @param validateAfterInactivity the interval
	 * @return the copy
	 */
	public KeepAliveSettings withValidateAfterInactivity(Duration validateAfterInactivity) {
		return new KeepAliveSettings(this.enabled, this.idleTimeout, this.timeToLive, validateAfterInactivity,
				this.timeToLiveJitter);
	}

	/**
	 * A copy with another time-to-live and jitter.
	 * @param timeToLive the time-to-live
	 * @param timeToLiveJitter the jitter
	 * @return the copy
	 */
	public KeepAliveSettings withTimeToLive(Duration timeToLive, Duration timeToLiveJitter) {
		return new KeepAliveSettings(this.enabled, this.idleTimeout, timeToLive, this.validateAfterInactivity,
				timeToLiveJitter);
	}

}
