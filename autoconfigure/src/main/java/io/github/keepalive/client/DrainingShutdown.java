package io.github.keepalive.client;

import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.hc.core5.io.CloseMode;

/**
 * Closes clients the way a draining shutdown does: none leases a connection any more,
 * leased connections get one drain timeout, shared by all, to come back, then each pool
 * closes, gracefully if it drained and at once if it did not (a connection still leased
 * may have a thread stuck writing on it: a graceful TLS close would wait for that thread).
 */
final class DrainingShutdown {

	private static final Log logger = LogFactory.getLog(DrainingShutdown.class);

	private DrainingShutdown() {
	}

	/**
	 * Drains the clients, then closes them.
	 * @param clients the clients, in the order to close them
	 * @param drainTimeout how long leased connections get to come back, in all
	 */
	static void close(List<KeepAliveHttpClient> clients, Duration drainTimeout) {
		clients.forEach(KeepAliveHttpClient::startShutdown);
		long deadline = System.nanoTime() + drainTimeout.toNanos();
		Map<KeepAliveHttpClient, CloseMode> closeModes = new IdentityHashMap<>();
		for (KeepAliveHttpClient client : clients) {
			boolean drained = client.awaitReleased(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
			if (!drained) {
				logger.warn("Keep-alive client '" + client.getName() + "' is closed with "
						+ client.pool().totalStats().leased() + " connection(s) still leased after the drain timeout of "
						+ drainTimeout.toMillis() + " ms");
			}
			closeModes.put(client, drained ? CloseMode.GRACEFUL : CloseMode.IMMEDIATE);
		}
		for (KeepAliveHttpClient client : clients) {
			try {
				CloseMode closeMode = closeModes.get(client);
				if (closeMode == CloseMode.IMMEDIATE) {
					// idle connections have no writer: they still say goodbye
					client.pool().closeIdleConnections();
				}
				client.close(closeMode);
			}
			catch (RuntimeException ex) {
				logger.warn("Failed to close keep-alive client '" + client.getName() + "'", ex);
			}
		}
	}

}
