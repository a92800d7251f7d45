package io.github.keepalive.autoconfigure.diagnostics;

import io.github.keepalive.autoconfigure.InvalidKeepAlivePropertyException;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidKeepAlivePropertyException} as a start-up failure that names
 * the property and the fix, and the known value closest to a misspelled one.
 */
class InvalidKeepAlivePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidKeepAlivePropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidKeepAlivePropertyException cause) {
		String description = "Invalid keep-alive client configuration:\n\n    Property: " + cause.getProperty()
				+ "\n    Value: " + cause.getValue() + "\n    Reason: " + cause.getReason();
		String closest = (cause.getValue() != null)
				? ClosestMatch.of(cause.getValue().toString(), cause.getKnownValues()) : null;
		String action = ((closest != null) ? "Did you mean " + closest + "? " : "") + cause.getAction();
		return new FailureAnalysis(description, action, cause);
	}

}
