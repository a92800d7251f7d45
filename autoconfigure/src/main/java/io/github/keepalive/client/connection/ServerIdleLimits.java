package io.github.keepalive.client.connection;

import java.net.SocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.apache.hc.core5.http.HttpRequest;
import org.jspecify.annotations.Nullable;

/**
 * What a pool learns of servers that close connections without announcing it.
 * <p>
 * Idle limits: for each server, the shortest idle time after which one of its connections
 * was found closed. A request that cannot be sent again (a POST) does not go out on a
 * connection idle for most of that time: the server is about to close it, and a request
 * written while it does so fails without proof that the server did not receive it.
 * Requests that can be retried reuse such connections as usual.
 * <p>
 * Restarts: a connection found closed after less than {@link #MIN_IDLE} idle, or closed
 * under a request that did not follow such a wait, is the sign of a restart (or a
 * failover, or a reset): servers do not close idle connections that soon. For
 * {@link #RESTART_SPREAD} after the first sign, a connection idle since before the
 * connection of that sign was last seen alive is renewed before reuse, whatever the
 * request: the restart is closing it, and a request sent on it as it does so would fail.
 * <p>
 * A restart closes connections whatever their idle time, so limits are learned with care,
 * and unlearned:
 * <ul>
 * <li>connections idle since before a restart, or up to {@code RESTART_SPREAD} after it
 * (a server that drains takes a while), teach nothing, and a limit learned up
 * to {@code RESTART_SPREAD} before the sign is dropped: the restart closed that connection
 * too;</li>
 * <li>a limit is forgotten as soon as a connection idle for as long is reused
 * successfully: the server keeps connections longer (now);</li>
 * <li>a limit no close has confirmed for {@link #EXPIRY} is forgotten.</li>
 * </ul>
 * A server is its address as connected to, with the target of a tunnel through a proxy.
 */
final class ServerIdleLimits {

	/** Closes after a shorter idle time are signs of a restart. */
	static final Duration MIN_IDLE = Duration.ofMillis(100);

	/** How far apart in time the closes of one restart are seen. */
	static final Duration RESTART_SPREAD = Duration.ofSeconds(1);

	/** How long a limit, or the sign of a restart, lasts without a close that confirms it. */
	static final Duration EXPIRY = Duration.ofMinutes(1);

	// well below the observed time: a close is only seen some time after it happened
	private static final double MARGIN = 0.6;

	private static final int MAX_SERVERS = 1000;

	private final Map<Object, Server> servers = new ConcurrentHashMap<>();

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
	 * A connection to the server was found closed after being idle this long, or was
	 * closed under a request sent after that long idle.
	 * @param server the server
	 * @param idleNanos how long the connection had been idle, 0 if it was not (a new
	 * connection, or one closed while a response was read)
	 */
	void closedAfter(@Nullable Object server, long idleNanos) {
		if (server == null) {
			return;
		}
		long now = this.nanoTime.getAsLong();
		if (hasRoomFor(server, now)) {
			this.servers.compute(server, (key, known) -> (idleNanos < MIN_IDLE.toNanos())
					? restarted(known, now - idleNanos, now) : learned(known, now - idleNanos, now));
		}
	}

	private static Server restarted(@Nullable Server known, long aliveAtNanos, long now) {
		Restart restart = (known != null) ? known.restart : null;
		if (restart != null && now - restart.seenAtNanos <= RESTART_SPREAD.toNanos()) {
			// the same restart; its later signs are often connections it closed once they had
			// served what was under way, by then alongside connections opened since
			return known;
		}
		Restart seen = new Restart(now, aliveAtNanos);
		boolean keepLimit = known != null && known.hasLimit() && now - known.learnedAtNanos > RESTART_SPREAD.toNanos();
		return keepLimit ? new Server(known.limitNanos, known.learnedAtNanos, known.confirmedAtNanos, seen)
				: new Server(0, 0, now, seen);
	}

	private static Server learned(@Nullable Server known, long idleSinceNanos, long now) {
		Restart restart = (known != null) ? known.restart : null;
		if (restart != null && idleSinceNanos - restart.aliveAtNanos <= RESTART_SPREAD.toNanos()) {
			// idle since before the restart, or while it drained: the restart explains it
			return known;
		}
		long idleNanos = now - idleSinceNanos;
		if (known == null || !known.hasLimit() || idleNanos < known.limitNanos) {
			return new Server(idleNanos, now, now, restart);
		}
		return new Server(known.limitNanos, known.learnedAtNanos, now, restart);
	}

	private boolean hasRoomFor(Object server, long now) {
		if (this.servers.size() < MAX_SERVERS || this.servers.containsKey(server)) {
			return true;
		}
		this.servers.values().removeIf((known) -> known.isExpired(now));
		return this.servers.size() < MAX_SERVERS;
	}

	/**
	 * A request went out and its response came back on a connection that had been idle
	 * this long.
	 * @param server the server
	 * @param idleNanos how long the connection had been idle before the request
	 */
	void servedAfter(@Nullable Object server, long idleNanos) {
		if (server != null && !this.servers.isEmpty()) {
			Server known = this.servers.get(server);
			if (known != null && known.hasLimit() && idleNanos >= known.limitNanos) {
				this.servers.replace(server, known, known.withoutLimit());
			}
		}
	}

	/**
	 * Whether to renew a connection idle this long rather than send a request on it: it was
	 * idle when the server was seen to restart, less than {@link #RESTART_SPREAD} ago, so the
	 * restart is closing it too; or the request cannot be sent again and the connection is
	 * close to the time after which the server closed one before.
	 * @param server the server
	 * @param idleNanos how long the connection has been idle
	 * @param request the request about to go out on it
	 * @return why to renew it, or {@code null} to use it
	 */
	@Nullable Renewal renewal(@Nullable Object server, long idleNanos, HttpRequest request) {
		if (server == null || this.servers.isEmpty()) {
			return null;
		}
		Server known = this.servers.get(server);
		if (known == null) {
			return null;
		}
		long now = this.nanoTime.getAsLong();
		Restart restart = known.restart;
		if (restart != null && now - restart.seenAtNanos <= RESTART_SPREAD.toNanos()
				&& now - idleNanos - restart.aliveAtNanos <= 0) {
			return Renewal.RESTARTED;
		}
		if (!known.hasLimit() || IdempotentRequests.canBeSentAgain(request)) {
			return null;
		}
		if (known.isExpired(now)) {
			this.servers.replace(server, known, known.withoutLimit());
			return null;
		}
		return (idleNanos >= known.limitNanos * MARGIN) ? Renewal.NEAR_LIMIT : null;
	}

	/**
	 * The limit learned for a server now.
	 * @param server the server
	 * @return the shortest idle time after which one of its connections was found closed
	 */
	@Nullable Duration limit(Object server) {
		Server known = this.servers.get(server);
		return (known != null && known.hasLimit() && !known.isExpired(this.nanoTime.getAsLong()))
				? Duration.ofNanos(known.limitNanos) : null;
	}

	/**
	 * Why a connection is renewed before reuse.
	 */
	enum Renewal {

		/** It was idle when the server was seen to restart, moments ago. */
		RESTARTED,

		/** It is idle for almost as long as the server kept one before. */
		NEAR_LIMIT

	}

	private record Tunnel(SocketAddress proxy, String target) {
	}

	/**
	 * What is known of one server.
	 *
	 * @param limitNanos the idle limit learned, 0 if none
	 * @param learnedAtNanos when that limit was learned
	 * @param confirmedAtNanos when a close last confirmed it, or a restart was seen
	 * @param restart the last restart seen, if any
	 */
	private record Server(long limitNanos, long learnedAtNanos, long confirmedAtNanos, @Nullable Restart restart) {

		boolean hasLimit() {
			return this.limitNanos > 0;
		}

		Server withoutLimit() {
			return new Server(0, 0, this.confirmedAtNanos, this.restart);
		}

		boolean isExpired(long now) {
			return now - this.confirmedAtNanos >= EXPIRY.toNanos();
		}

	}

	/**
	 * A restart of a server.
	 *
	 * @param seenAtNanos when its first sign was seen
	 * @param aliveAtNanos when the connection of that sign was last seen alive (released
	 * idle, or sending a request): the restart began later
	 */
	private record Restart(long seenAtNanos, long aliveAtNanos) {
	}

}
