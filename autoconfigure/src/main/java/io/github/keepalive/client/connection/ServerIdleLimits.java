package io.github.keepalive.client.connection;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.jspecify.annotations.Nullable;

/**
 * What a pool learns of servers that close idle connections without announcing it: for
 * each server, the shortest idle time after which one of its connections was found
 * closed. A request that cannot be sent again (a POST) does not go out on a connection
 * idle for most of that time: the server is about to close it, and a request written
 * while it does so fails without proof that the server did not receive it. Requests that
 * can be retried reuse such connections as usual.
 * <p>
 * A restart, a failover or a reset closes connections whatever their idle time, so the
 * limits are learned with care, and unlearned:
 * <ul>
 * <li>only from connections idle for at least {@link #MIN_IDLE}: a restart under load
 * finds connections idle for less, and servers do not close sooner;</li>
 * <li>a limit is forgotten as soon as a connection idle for as long is reused
 * successfully: the server keeps connections longer (now);</li>
 * <li>a limit no close has confirmed for {@link #EXPIRY} is forgotten.</li>
 * </ul>
 * A server is its address as connected to, with the target of a tunnel through a proxy.
 */
final class ServerIdleLimits {

	/** Closes after a shorter idle time teach nothing. */
	static final Duration MIN_IDLE = Duration.ofMillis(100);

	/** How long a limit lasts without a close that confirms it. */
	static final Duration EXPIRY = Duration.ofMinutes(1);

	// well below the observed time: a close is only seen some time after it happened
	private static final double MARGIN = 0.6;

	private static final int MAX_SERVERS = 1000;

	private final Map<Object, Limit> limits = new ConcurrentHashMap<>();

	private final LongSupplier nanoTime;

	ServerIdleLimits() {
		this(System::nanoTime);
	}

	ServerIdleLimits(LongSupplier nanoTime) {
		this.nanoTime = nanoTime;
	}

	/**
	 * The server a connection talks to, for its limit.
	 * @param address the address the connection is connected to (a proxy's, maybe)
	 * @param tunnelTarget the target of a tunnel through that proxy, if any
	 * @return the server
	 */
	static Object server(SocketAddress address, @Nullable String tunnelTarget) {
		return (tunnelTarget != null) ? new Tunnel(address, tunnelTarget) : address;
	}

	/**
	 * A connection to the server was found closed after being idle this long.
	 * @param server the server
	 * @param idleNanos how long the connection had been idle
	 */
	void closedAfter(@Nullable Object server, long idleNanos) {
		if (server == null || idleNanos < MIN_IDLE.toNanos()) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		if (this.limits.size() >= MAX_SERVERS && !this.limits.containsKey(server)) {
			this.limits.values().removeIf((limit) -> limit.isExpired(now));
			if (this.limits.size() >= MAX_SERVERS) {
				return;
			}
		}
		this.limits.merge(server, new Limit(idleNanos, now),
				(known, seen) -> new Limit(Math.min(known.closedAfterNanos, seen.closedAfterNanos), now));
	}

	/**
	 * A request went out and its response came back on a connection that had been idle
	 * this long.
	 * @param server the server
	 * @param idleNanos how long the connection had been idle before the request
	 */
	void servedAfter(@Nullable Object server, long idleNanos) {
		if (server != null && !this.limits.isEmpty()) {
			Limit limit = this.limits.get(server);
			if (limit != null && idleNanos >= limit.closedAfterNanos) {
				this.limits.remove(server, limit);
			}
		}
	}

	/**
	 * Whether a connection idle this long is close to the time after which the server
	 * closed one before.
	 * @param server the server
	 * @param idleNanos how long the connection has been idle
	 * @return whether to renew it rather than send a request that cannot be sent again
	 */
	boolean isNearLimit(@Nullable Object server, long idleNanos) {
		if (server == null || this.limits.isEmpty()) {
			return false;
		}
		Limit limit = this.limits.get(server);
		if (limit == null) {
			return false;
		}
		if (limit.isExpired(this.nanoTime.getAsLong())) {
			this.limits.remove(server, limit);
			return false;
		}
		return idleNanos >= limit.closedAfterNanos * MARGIN;
	}

	/**
	 * The limit learned for a server now.
	 * @param server the server
	 * @return the shortest idle time after which one of its connections was found closed
	 */
	@Nullable Duration limit(Object server) {
		Limit limit = this.limits.get(server);
		return (limit != null && !limit.isExpired(this.nanoTime.getAsLong()))
				? Duration.ofNanos(limit.closedAfterNanos) : null;
	}

	private record Tunnel(SocketAddress proxy, String target) {
	}

	private record Limit(long closedAfterNanos, long confirmedAtNanos) {

		boolean isExpired(long now) {
			return now - this.confirmedAtNanos >= EXPIRY.toNanos();
		}

	}

}
