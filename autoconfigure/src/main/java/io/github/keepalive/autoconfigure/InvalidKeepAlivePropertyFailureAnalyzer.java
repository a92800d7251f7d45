package io.github.keepalive.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidKeepAlivePropertyException} as a start-up failure that names
 * the property and the fix.
 */
class InvalidKeepAlivePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidKeepAlivePropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidKeepAlivePropertyException cause) {
		String description = "Invalid keep-alive client configuration:\n\n    Property: " + cause.getProperty()
				+ "\n    Value: " + cause.getValue() + "\n    Reason: " + cause.getReason();
		return new FailureAnalysis(description, cause.getAction(), cause);
	}

}
