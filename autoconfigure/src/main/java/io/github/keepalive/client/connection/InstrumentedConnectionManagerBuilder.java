package io.github.keepalive.client.connection;

import org.apache.hc.client5.http.DnsResolver;
import org.apache.hc.client5.http.SchemePortResolver;
import org.apache.hc.client5.http.impl.io.DefaultHttpClientConnectionOperator;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.io.HttpClientConnectionOperator;
import org.apache.hc.client5.http.ssl.TlsSocketStrategy;
import org.apache.hc.core5.http.URIScheme;
import org.apache.hc.core5.http.config.RegistryBuilder;
import org.jspecify.annotations.Nullable;

/**
 * HttpClient's pool builder, with HttpClient's connection operator over sockets made
 * from channels ({@link ChannelSocketFactory}, for the non-blocking stale check) and
 * wrapped to tell each connection how its connect went
 * ({@link InstrumentedConnectionOperator}). Everything else is the builder's own.
 */
public final class InstrumentedConnectionManagerBuilder extends PoolingHttpClientConnectionManagerBuilder {

	@Override
	protected HttpClientConnectionOperator createConnectionOperator(@Nullable SchemePortResolver schemePortResolver,
			@Nullable DnsResolver dnsResolver, TlsSocketStrategy tlsSocketStrategy) {
		return new InstrumentedConnectionOperator(new DefaultHttpClientConnectionOperator(ChannelSocketFactory.INSTANCE,
				schemePortResolver, dnsResolver,
				RegistryBuilder.<TlsSocketStrategy>create().register(URIScheme.HTTPS.id, tlsSocketStrategy).build()));
	}

}
