package io.github.keepalive.client.connection;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.Arrays;
import java.util.List;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SystemDefaultDnsResolver;

import org.springframework.boot.http.client.InetAddressFilter;

/**
 * Resolves host names with the JVM's resolver and keeps only the addresses that Spring
 * Boot's {@link InetAddressFilter} allows: a host with none left fails as unknown.
 */
public final class FilteredDnsResolver implements DnsResolver {

	private final InetAddressFilter filter;

	public FilteredDnsResolver(InetAddressFilter filter) {
		this.filter = filter;
	}

	@Override
	public InetAddress[] resolve(String host) throws UnknownHostException {
		InetAddress[] allowed = Arrays.stream(SystemDefaultDnsResolver.INSTANCE.resolve(host))
			.filter(this.filter::matches)
			.toArray(InetAddress[]::new);
		if (allowed.length == 0) {
			throw new UnknownHostException(host + ": no address allowed by " + this.filter);
		}
		return allowed;
	}

	@Override
	public List<InetSocketAddress> resolve(String host, int port) throws UnknownHostException {
		return Arrays.stream(resolve(host)).map((address) -> new InetSocketAddress(address, port)).toList();
	}

	@Override
	public String resolveCanonicalHostname(String host) throws UnknownHostException {
		return SystemDefaultDnsResolver.INSTANCE.resolveCanonicalHostname(host);
	}

}
