package io.github.keepalive.client;

/**
 * Creates the {@link ClientObserver} of each client that a {@link KeepAliveHttpClientFactory}
 * builds, as HikariCP's {@code MetricsTrackerFactory} creates the tracker of each pool. An
 * application adds one as a bean; the starter's Micrometer meters are one.
 */
@FunctionalInterface
public interface ClientObserverFactory {

	/**
	 * Creates the observer of a client being built.
	 * @param clientName the client's name
	 * @return its observer, or {@link ClientObserver#NONE}
	 */
	ClientObserver create(String clientName);

	/**
	 * Whether the observers this factory creates are called through a guard that logs
	 * what they throw (once per observer and event) and goes on without them: a throw
	 * inside HttpClient's pool operations would otherwise leak a connection. Only a
	 * factory whose observers cannot throw says {@code false}, so that its calls stay
	 * direct.
	 * @return whether its observers are guarded
	 */
	default boolean guarded() {
		return true;
	}

}
