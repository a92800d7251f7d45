package io.github.keepalive.autoconfigure.diagnostics;

import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.github.keepalive.autoconfigure.KeepAliveClientProperties;
import io.github.keepalive.autoconfigure.KeepAliveProperties;
import io.github.keepalive.autoconfigure.KeepAliveRestClientFactory;
import io.github.keepalive.client.settings.KeepAliveClientSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.InjectionPoint;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.UnsatisfiedDependencyException;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.analyzer.AbstractInjectionFailureAnalyzer;
import org.springframework.core.Ordered;
import org.springframework.core.ResolvableType;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.Environment;
import org.springframework.web.client.RestClient;

/**
 * Explains a {@link RestClient} (or a client's qualified {@link RestClient.Builder}) that
 * cannot be injected because of the starter: it is switched off
 * ({@code keepalive.enabled=false}), or no keep-alive client has the qualifier asked for.
 * <p>
 * Ordered before Spring Boot's {@code NoSuchBeanDefinitionFailureAnalyzer}, which cannot
 * analyze the second case: it creates every bean of the required type to see whether it
 * is null, after the failed refresh has destroyed the singletons and deactivated the
 * context, and creating a keep-alive {@code RestClient} binds {@link KeepAliveProperties},
 * which needs an active context.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class MissingRestClientFailureAnalyzer extends AbstractInjectionFailureAnalyzer<NoSuchBeanDefinitionException> {

	private static final ConfigurationPropertyName ENABLED = ConfigurationPropertyName.of("keepalive.enabled");

	private final ListableBeanFactory beanFactory;

	private final Environment environment;

	MissingRestClientFailureAnalyzer(BeanFactory beanFactory, Environment environment) {
		this.beanFactory = (ListableBeanFactory) beanFactory;
		this.environment = environment;
	}

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, NoSuchBeanDefinitionException cause,
			@Nullable String description) {
		ResolvableType resolvableType = cause.getResolvableType();
		Class<?> type = (resolvableType != null) ? resolvableType.resolve() : null;
		if (type != RestClient.class && type != RestClient.Builder.class) {
			return null;
		}
		String qualifier = qualifier(rootFailure, cause);
		List<String> clients = clientNames();
		String required = ((description != null) ? description : "A component") + " required a bean of type '"
				+ type.getName() + "'" + ((qualifier != null) ? " qualified '" + qualifier + "'" : "")
				+ " that could not be found.\n\n";
		if (!isEnabled()) {
			// Boot's own RestClient.Builder does not depend on the starter
			boolean forKeepAliveClient = type == RestClient.class || clients.contains(qualifier);
			return forKeepAliveClient ? switchedOff(required, cause) : null;
		}
		if (type != RestClient.class || qualifier == null || clients.contains(qualifier) || !isAutoConfigured()) {
			return null;
		}
		return unknownClient(required, qualifier, clients, cause);
	}

	private FailureAnalysis switchedOff(String required, NoSuchBeanDefinitionException cause) {
		StringBuilder description = new StringBuilder(required)
			.append("The keep-alive starter is switched off, so it defines no RestClient beans:\n\n")
			.append("    Property: ").append(ENABLED).append("\n    Value: false\n");
		ConfigurationProperty enabled = enabledProperty();
		if (enabled != null && enabled.getOrigin() != null) {
			description.append("    Origin: ").append(enabled.getOrigin()).append('\n');
		}
		return new FailureAnalysis(description.toString(),
				"Remove keepalive.enabled=false (it defaults to true), or set it to true, to turn the keep-alive"
						+ " starter on. Or define the RestClient bean yourself.",
				cause);
	}

	private FailureAnalysis unknownClient(String required, String qualifier, List<String> clients,
			NoSuchBeanDefinitionException cause) {
		String closest = ClosestMatch.of(qualifier, clients);
		String property = "keepalive.clients." + qualifier;
		return new FailureAnalysis(
				required + "There is no keep-alive client named '" + qualifier + "'. The keep-alive clients are: "
						+ String.join(", ", clients) + ".",
				((closest != null) ? "Did you mean @Qualifier(\"" + closest + "\")? " : "")
						+ "Correct the qualifier, or configure a client named '" + qualifier + "' under " + property
						+ ".* (e.g. " + property + ".base-url=https://...).",
				cause);
	}

	/**
	 * The qualifier of the injection point that the bean was missing for.
	 */
	private static @Nullable String qualifier(Throwable failure, NoSuchBeanDefinitionException cause) {
		for (Throwable candidate = failure; candidate != null; candidate = candidate.getCause()) {
			// The injection point of the RestClient, not of a bean that depends on it
			if (candidate instanceof UnsatisfiedDependencyException unsatisfied && unsatisfied.getCause() == cause) {
				InjectionPoint injectionPoint = unsatisfied.getInjectionPoint();
				Annotation[] annotations = (injectionPoint != null) ? injectionPoint.getAnnotations()
						: new Annotation[0];
				for (Annotation annotation : annotations) {
					if (annotation instanceof Qualifier qualifier) {
						return qualifier.value();
					}
				}
			}
		}
		return null;
	}

	/**
	 * The names of the keep-alive clients the configuration asks for, as the
	 * auto-configuration's registrar of named clients finds them.
	 */
	private List<String> clientNames() {
		List<String> names = new ArrayList<>();
		names.add(KeepAliveClientSettings.DEFAULT_CLIENT_NAME);
		try {
			Binder.get(this.environment)
				.bind("keepalive.clients", Bindable.mapOf(String.class, KeepAliveClientProperties.class))
				.map(Map::keySet)
				.ifBound(names::addAll);
		}
		catch (BindException ex) {
			// Only the default client then
		}
		return names;
	}

	private boolean isEnabled() {
		return Binder.get(this.environment).bind(ENABLED, Bindable.of(Boolean.class)).orElse(true);
	}

	private @Nullable ConfigurationProperty enabledProperty() {
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty property = source.getConfigurationProperty(ENABLED);
			if (property != null) {
				return property;
			}
		}
		return null;
	}

	private boolean isAutoConfigured() {
		// Bean definitions only: creating beans of a failed context fails
		return this.beanFactory.getBeanNamesForType(KeepAliveRestClientFactory.class, true, false).length > 0;
	}

}
