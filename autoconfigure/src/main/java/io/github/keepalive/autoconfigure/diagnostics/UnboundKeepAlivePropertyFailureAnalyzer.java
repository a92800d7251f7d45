package io.github.keepalive.autoconfigure.diagnostics;

import io.github.keepalive.autoconfigure.diagnostics.BindableNames.DottedKey;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Reports {@code keepalive.*} properties that Spring Boot's binder left unbound
 * ({@code ignoreUnknownFields = false}) as Boot does, and adds the property that was
 * probably meant: the closest of the names the bind target takes, or, for a dotted YAML
 * key under {@code keepalive.clients}, the key to rename. Unlike Boot's report it never
 * shows a value: a misspelled {@code proxy.password} holds a secret.
 * <p>
 * Ordered before Spring Boot's {@code UnboundConfigurationPropertyFailureAnalyzer}.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnboundKeepAlivePropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

	private static final ConfigurationPropertyName PREFIX = ConfigurationPropertyName.of("keepalive");

	@Override
	protected @Nullable FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		BindException bindException = findCause(rootFailure, BindException.class);
		if (bindException == null || !(PREFIX.equals(bindException.getName())
				|| PREFIX.isAncestorOf(bindException.getName()))) {
			return null;
		}
		ConfigurationPropertyName root = bindException.getName();
		BindableNames names = BindableNames.of(bindException.getTarget().getType());
		StringBuilder description = new StringBuilder("Binding to target ")
			.append(bindException.getTarget().getType())
			.append(" failed:\n");
		StringBuilder action = new StringBuilder();
		for (ConfigurationProperty property : cause.getUnboundProperties()) {
			ConfigurationPropertyName name = property.getName();
			description.append("\n    Property: ").append(name);
			if (property.getOrigin() != null) {
				description.append("\n    Origin: ").append(property.getOrigin());
			}
			description.append("\n    Reason: ").append(cause.getMessage()).append('\n');
			ConfigurationPropertyName relative = name.subName(root.getNumberOfElements());
			action.append(fix(root, relative, names)).append('\n');
		}
		action.append("Update your application's configuration. The keepalive.* properties are listed in the")
			.append(" configuration metadata (IDE completion).");
		return new FailureAnalysis(description.toString().stripTrailing(), action.toString(), cause);
	}

	private static String fix(ConfigurationPropertyName root, ConfigurationPropertyName relative,
			BindableNames names) {
		String unbound = root + "." + BindableNames.original(relative, 0, relative.getNumberOfElements());
		DottedKey dottedKey = names.dottedKey(relative);
		if (dottedKey != null) {
			return unbound + ": '" + dottedKey.key() + "' is not a valid client name (a '.' in a YAML key nests the"
					+ " keys after it); rename the client, e.g. " + root + "." + dottedKey.renamed();
		}
		String closest = names.closest(relative);
		return (closest != null) ? unbound + ": did you mean " + root + "." + closest + "?"
				: unbound + ": correct or remove it.";
	}

}
