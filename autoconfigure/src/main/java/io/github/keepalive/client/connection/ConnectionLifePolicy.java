package io.github.keepalive.client.connection;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntSupplier;

/**
 * How long a client's connections live: each one the time-to-live minus a random amount up
 * to the jitter, drawn when it opens, so that connections opened together (a deploy, a
 * warm-up, a burst) do not all expire, and reconnect, together; and no longer than the SSL
 * material they were made with.
 *
 * @param timeToLive the longest life of a connection
 * @param timeToLiveJitter the most a connection's life is shortened by, at random
 * @param tlsGeneration the generation of the client's SSL material now, which each
 * connection compares with the one it was made with
 */
public record ConnectionLifePolicy(Duration timeToLive, Duration timeToLiveJitter, IntSupplier tlsGeneration) {

	/**
	 * A policy without jitter, for connections without reloadable SSL material.
	 * @param timeToLive the life of every connection
	 * @return the policy
	 */
	public static ConnectionLifePolicy fixed(Duration timeToLive) {
		return new ConnectionLifePolicy(timeToLive, Duration.ZERO, () -> 0);
	}

	/**
	 * Draws the life of one connection.
	 * @return the life in nanoseconds, between the time-to-live minus the jitter and the
	 * time-to-live
	 */
	long drawLifeNanos() {
		long jitter = this.timeToLiveJitter.toNanos();
		long shortenedBy = (jitter > 0) ? ThreadLocalRandom.current().nextLong(jitter + 1) : 0;
		return this.timeToLive.toNanos() - shortenedBy;
	}

}
