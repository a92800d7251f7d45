package io.github.keepalive.benchmarks.client;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import org.springframework.context.ApplicationContext;

/**
 * Checks that a variant's application is instrumented as an application with Actuator and
 * a Prometheus registry is, so that the comparison measures what users run: a Prometheus
 * registry behind the context's {@link MeterRegistry} and, for the starter's variants, the
 * starter's meters registered in it.
 */
final class InstrumentationCheck {

	/** The prefix of every meter of the starter. */
	static final String STARTER_METER_PREFIX = "keepalive.";

	private InstrumentationCheck() {
	}

	/**
	 * Fails unless the context's meter registry publishes to Prometheus.
	 * @param context the variant's application context
	 */
	static void requirePrometheus(ApplicationContext context) {
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		List<MeterRegistry> registries = (registry instanceof CompositeMeterRegistry composite)
				? List.copyOf(composite.getRegistries()) : List.of(registry);
		if (registries.stream().noneMatch(PrometheusMeterRegistry.class::isInstance)) {
			throw new IllegalStateException("No Prometheus registry behind " + registry
					+ ": the benchmark must run with Actuator and micrometer-registry-prometheus");
		}
	}

	/**
	 * Fails unless meters of the starter are registered.
	 * @param context the starter variant's application context
	 */
	static void requireStarterMeters(ApplicationContext context) {
		MeterRegistry registry = context.getBean(MeterRegistry.class);
		long starterMeters = registry.getMeters()
			.stream()
			.filter((meter) -> meter.getId().getName().startsWith(STARTER_METER_PREFIX))
			.count();
		if (starterMeters == 0) {
			throw new IllegalStateException(
					"No " + STARTER_METER_PREFIX + "* meter registered: the starter's metrics are not running");
		}
	}

}
