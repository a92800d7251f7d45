package io.github.keepalive.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.Assert;

/**
 * Settings of the demo, {@code demo.*}.
 *
 * @param requests requests sent through each client in one run
 * @param concurrency threads sending them at the same time
 * @param httpsPort the port of the HTTPS downstream; unset: 8443, or a free port if
 * {@code server.port} is 0
 */
@ConfigurationProperties("demo")
record DemoProperties(@DefaultValue("500") int requests, @DefaultValue("4") int concurrency,
		@Nullable Integer httpsPort) {

	DemoProperties {
		// Each connection-per-request call (HTTP and HTTPS) leaves a socket in TIME_WAIT for
		// a minute: stay far from running out of local ports
		Assert.isTrue(requests >= 1 && requests <= 10_000, "demo.requests must be between 1 and 10000");
		// The keep-alive pool allows 50 connections per route: more threads would only wait
		Assert.isTrue(concurrency >= 1 && concurrency <= 32, "demo.concurrency must be between 1 and 32");
		Assert.isTrue(httpsPort == null || (httpsPort >= 0 && httpsPort <= 65535),
				"demo.https-port must be between 0 and 65535");
	}

}
