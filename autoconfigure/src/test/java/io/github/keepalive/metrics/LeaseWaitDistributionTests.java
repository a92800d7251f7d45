package io.github.keepalive.metrics;

import io.github.keepalive.autoconfigure.KeepAliveMetricsAutoConfiguration;
import io.github.keepalive.test.KeepAliveTestSupport;
import io.github.keepalive.test.LoopbackHttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for the distribution of {@link KeepAliveMeters#POOL_LEASE_WAIT}: percentiles and
 * histogram buckets are opt-in, through Spring Boot's
 * {@code management.metrics.distribution.*} properties, as for any other timer; checked
 * in a Prometheus scrape.
 */
class LeaseWaitDistributionTests {

	private static final String SERIES = "keepalive_pool_lease_wait_seconds";

	private static final String TAGS = "client=\"default\",outcome=\"acquired\"";

	@RegisterExtension
	private final LoopbackHttpServer server = LoopbackHttpServer.start();

	private final ApplicationContextRunner contextRunner = KeepAliveTestSupport.contextRunner()
		.withConfiguration(
				AutoConfigurations.of(MetricsAutoConfiguration.class, KeepAliveMetricsAutoConfiguration.class))
		.withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
		.withPropertyValues("keepalive.base-url=" + this.server.baseUrl());

	@Test
	void publishesNoPercentileOrBucketByDefault() {
		this.contextRunner.run((context) -> {
			String scrape = scrapeAfterOneRequest(context);
			assertThat(scrape).contains(SERIES + "_count{" + TAGS + "} 1")
				.doesNotContain(SERIES + "{" + TAGS + ",quantile=")
				.doesNotContain(SERIES + "_bucket");
		});
	}

	@Test
	void percentilesPropertyTurnsThemOn() {
		this.contextRunner
			.withPropertyValues("management.metrics.distribution.percentiles.keepalive.pool.lease.wait=0.5,0.99")
			.run((context) -> {
				String scrape = scrapeAfterOneRequest(context);
				assertThat(scrape).contains(SERIES + "{" + TAGS + ",quantile=\"0.5\"}")
					.contains(SERIES + "{" + TAGS + ",quantile=\"0.99\"}")
					.doesNotContain(SERIES + "_bucket");
			});
	}

	@Test
	void percentilesHistogramPropertyTurnsOnTheBuckets() {
		this.contextRunner
			.withPropertyValues("management.metrics.distribution.percentiles-histogram.keepalive.pool.lease.wait=true")
			.run((context) -> {
				String scrape = scrapeAfterOneRequest(context);
				assertThat(scrape).contains(SERIES + "_bucket{" + TAGS + ",le=\"+Inf\"} 1")
					.doesNotContain(SERIES + "{" + TAGS + ",quantile=");
			});
	}

	private String scrapeAfterOneRequest(AssertableApplicationContext context) {
		context.getBean(RestClient.class).get().uri("/ping").retrieve().toBodilessEntity();
		assertThat(this.server.requests()).isEqualTo(1);
		return context.getBean(PrometheusMeterRegistry.class).scrape();
	}

}
