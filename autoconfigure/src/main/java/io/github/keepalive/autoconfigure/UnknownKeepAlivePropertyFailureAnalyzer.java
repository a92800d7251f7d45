package io.github.keepalive.autoconfigure;

import io.github.keepalive.autoconfigure.UnknownKeepAlivePropertyException.UnknownProperty;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link UnknownKeepAlivePropertyException} as a start-up failure that names
 * each unknown property, where it is set and the known property it was probably meant to
 * be.
 */
class UnknownKeepAlivePropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnknownKeepAlivePropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownKeepAlivePropertyException cause) {
		StringBuilder description = new StringBuilder("The keep-alive starter does not know these properties:\n");
		StringBuilder action = new StringBuilder();
		for (UnknownProperty property : cause.getProperties()) {
			description.append("\n    Property: ").append(property.name());
			if (property.origin() != null) {
				description.append("\n    Origin: ").append(property.origin());
			}
			if (property.suggestion() != null) {
				description.append("\n    Did you mean: ").append(property.suggestion());
				action.append("Rename ").append(property.name()).append(" to ").append(property.suggestion());
				action.append(".\n");
			}
			else {
				action.append("Correct or remove ").append(property.name()).append(".\n");
			}
			description.append('\n');
		}
		action.append("The keepalive.* properties are listed in the configuration metadata (IDE completion)")
			.append(" and in the starter's README.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

}
