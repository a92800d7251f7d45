package io.github.keepalive.differential;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.keepalive.differential.DifferentialClients.Clients;
import io.github.keepalive.test.LoopbackHttpServer;

/**
 * Runs a scenario on both sides, the starter first, against the same loopback server.
 */
final class DifferentialSides {

	private DifferentialSides() {
	}

	/**
	 * Runs a scenario on both sides.
	 * @param <T> what the scenario returns
	 * @param server the server
	 * @param properties the properties of both sides
	 * @param scenario the scenario
	 * @return each side's result
	 */
	static <T> Map<ClientSide, T> bothSides(LoopbackHttpServer server, List<String> properties,
			Function<Clients, T> scenario) {
		Map<ClientSide, T> results = new EnumMap<>(ClientSide.class);
		for (ClientSide side : ClientSide.values()) {
			results.put(side, DifferentialClients.run(side, server.baseUrl(), properties, scenario));
		}
		return results;
	}

}
