package io.github.keepalive.client.settings;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An HTTP proxy.
 *
 * @param host the proxy's host
 * @param port the proxy's port
 * @param username the user name for proxy authentication, or {@code null}
 * @param password the password for proxy authentication, or {@code null}
 * @param nonProxyHosts hosts reached directly; {@code *} wildcards allowed
 */
public record ProxySettings(String host, int port, @Nullable String username, @Nullable String password,
		List<String> nonProxyHosts) {

	/** Setting: the proxy's port ({@code proxy.port}). */
	public static final ClientSetting PORT = new ClientSetting("proxy.port");

	public ProxySettings {
		InvalidSettingException.check(port >= 1 && port <= 65535, PORT, port,
				"must be between 1 and 65535");
		nonProxyHosts = List.copyOf(nonProxyHosts);
	}

	@Override
	public String toString() {
		return "ProxySettings[host=" + this.host + ", port=" + this.port + ", username=" + this.username + ", password="
				+ ((this.password != null) ? "******" : null) + ", nonProxyHosts=" + this.nonProxyHosts + "]";
	}

}
