package io.github.keepalive.autoconfigure;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Keep-alive client properties: the default client's settings stand directly under
 * {@code keepalive.}, each named client's under {@code keepalive.clients.<name>.}.
 */
@ConfigurationProperties("keepalive")
public class KeepAliveProperties extends KeepAliveClientProperties {

	/**
	 * Whether to enable the keep-alive auto-configuration.
	 */
	private boolean enabled = true;

	/**
	 * Named clients, each with its own pool and RestClient bean; unset values fall back to
	 * the default client's.
	 */
	private Map<String, KeepAliveClientProperties> clients = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Map<String, KeepAliveClientProperties> getClients() {
		return this.clients;
	}

	public void setClients(Map<String, KeepAliveClientProperties> clients) {
		this.clients = clients;
	}

}
