package io.github.keepalive.autoconfigure;

import io.github.keepalive.client.KeepAliveClients;

import org.springframework.beans.factory.SmartInitializingSingleton;

/**
 * Warms the keep-alive clients up once every singleton exists: before the embedded web
 * server starts and before the application reports ready. Start-up waits for each
 * client's warm-up at most its {@code warm-up.timeout}; a warm-up that falls short is a
 * warning, never a failure.
 */
final class KeepAliveWarmUp implements SmartInitializingSingleton {

	private final KeepAliveClients clients;

	KeepAliveWarmUp(KeepAliveClients clients) {
		this.clients = clients;
	}

	@Override
	public void afterSingletonsInstantiated() {
		this.clients.warmUp();
	}

}
