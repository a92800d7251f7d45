package io.github.keepalive.client.connection;

import java.net.SocketAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * What a pool learns of servers that close idle connections without announcing it: for
 * each server address, the shortest idle time after which one of its connections was
 * found closed. A connection idle for most of that time is not reused: the server is
 * about to close it, and a request written while it does so fails without proof that the
 * server did not receive it, so a POST could not be sent again.
 */
final class ServerIdleLimits {

	// well below the observed time: a close is only seen some time after it happened
	private static final double MARGIN = 0.6;

	private static final int MAX_SERVERS = 1000;

	private final Map<SocketAddress, Long> shortestClosedIdleNanos = new ConcurrentHashMap<>();

	/**
	 * A connection to the server was found closed after being idle this long.
	 * @param server the server's address
	 * @param idleNanos how long the connection had been idle
	 */
	void closedAfter(@Nullable SocketAddress server, long idleNanos) {
		if (server != null && idleNanos > 0
				&& (this.shortestClosedIdleNanos.size() < MAX_SERVERS
						|| this.shortestClosedIdleNanos.containsKey(server))) {
			this.shortestClosedIdleNanos.merge(server, idleNanos, Math::min);
		}
	}

	/**
	 * Whether a connection idle this long is close to the time after which the server
	 * closed one before.
	 * @param server the server's address
	 * @param idleNanos how long the connection has been idle
	 * @return whether to renew it rather than reuse it
	 */
	boolean isNearLimit(@Nullable SocketAddress server, long idleNanos) {
		Long closedAfter = (server != null) ? this.shortestClosedIdleNanos.get(server) : null;
		return closedAfter != null && idleNanos >= closedAfter * MARGIN;
	}

}
