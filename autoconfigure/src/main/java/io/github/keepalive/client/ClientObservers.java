package io.github.keepalive.client;

import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes the one observer of a client from the observers its factories create. A single
 * unguarded observer (the starter's meters alone) is the client's observer itself: each
 * event is one direct call. Otherwise one proxy passes every event to each observer in
 * turn, and a guarded one that throws is logged, once per observer and event, and
 * skipped. The proxy needs no code per event, so an event added to
 * {@link ClientObserver} reaches every observer as it is.
 */
final class ClientObservers implements InvocationHandler {

	private static final Log logger = LogFactory.getLog(ClientObservers.class);

	private final String clientName;

	private final Observer[] observers;

	private final Set<String> reported = ConcurrentHashMap.newKeySet();

	private ClientObservers(String clientName, List<Observer> observers) {
		this.clientName = clientName;
		this.observers = observers.toArray(new Observer[0]);
	}

	/**
	 * The observer of a client.
	 * @param clientName the client's name
	 * @param factories the factories of its observers
	 * @return the observer
	 */
	static ClientObserver create(String clientName, List<ClientObserverFactory> factories) {
		List<Observer> observers = new ArrayList<>();
		for (ClientObserverFactory factory : factories) {
			ClientObserver observer = factory.create(clientName);
			if (observer != ClientObserver.NONE) {
				observers.add(new Observer(observer, factory.guarded()));
			}
		}
		if (observers.isEmpty()) {
			return ClientObserver.NONE;
		}
		if (observers.size() == 1 && !observers.get(0).guarded()) {
			return observers.get(0).observer();
		}
		return (ClientObserver) Proxy.newProxyInstance(ClientObserver.class.getClassLoader(),
				new Class<?>[] { ClientObserver.class }, new ClientObservers(clientName, observers));
	}

	@Override
	public @Nullable Object invoke(Object proxy, Method method, @Nullable Object[] args) throws Throwable {
		if (method.getDeclaringClass() == Object.class) {
			return switch (method.getName()) {
				case "equals" -> args != null && proxy == args[0];
				case "hashCode" -> System.identityHashCode(proxy);
				default -> "ClientObservers of '" + this.clientName + "'";
			};
		}
		for (Observer observer : this.observers) {
			try {
				method.invoke(observer.observer(), args);
			}
			catch (InvocationTargetException ex) {
				if (!observer.guarded() || !(ex.getCause() instanceof RuntimeException failure)) {
					throw ex.getCause();
				}
				failed(observer.observer(), method, failure);
			}
		}
		return null;
	}

	private void failed(ClientObserver observer, Method event, RuntimeException ex) {
		String name = observer.getClass().getName();
		if (this.reported.add(name + '@' + Integer.toHexString(System.identityHashCode(observer)) + ' '
				+ event.getName())) {
			logger.warn("ClientObserver " + name + " of keep-alive client '" + this.clientName + "' failed in "
					+ event.getName() + "; the event goes on without it (logged once per observer and event)", ex);
		}
	}

	private record Observer(ClientObserver observer, boolean guarded) {

	}

}
