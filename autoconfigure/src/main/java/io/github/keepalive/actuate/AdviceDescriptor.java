package io.github.keepalive.actuate;

import java.util.List;

import io.github.keepalive.client.KeepAliveHttpClient;
import io.github.keepalive.client.pool.PoolAdvice;

/**
 * One piece of a client's pool-sizing advice, naming the setting to change as its user
 * knows it (with the starter, its property).
 *
 * @param property the setting to change, e.g.
 * {@code keepalive.clients.github.pool.max-per-route}
 * @param current the value the pool runs with now
 * @param suggested the suggested value
 * @param reason what the pool saw
 */
public record AdviceDescriptor(String property, int current, int suggested, String reason) {

	/**
	 * A client's advice now.
	 * @param client the client
	 * @return its advice, empty when its pool fits
	 */
	public static List<AdviceDescriptor> of(KeepAliveHttpClient client) {
		return client.pool().advice().stream().map((advice) -> of(client, advice)).toList();
	}

	private static AdviceDescriptor of(KeepAliveHttpClient client, PoolAdvice advice) {
		return new AdviceDescriptor(client.settingName(advice.setting(), advice.key()), advice.current(),
				advice.suggested(), advice.reason());
	}

}
