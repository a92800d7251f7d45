package io.github.keepalive.autoconfigure.diagnostics;

import java.util.Collection;
import java.util.Locale;
import java.util.function.Function;

import org.jspecify.annotations.Nullable;

/**
 * Finds the candidate closest to a misspelled name by edit (Levenshtein) distance, for
 * "did you mean" suggestions.
 */
final class ClosestMatch {

	private ClosestMatch() {
	}

	/**
	 * The candidate closest to the target, ignoring case, if it is close enough to be a
	 * likely typo of it.
	 * @param target the misspelled name
	 * @param candidates the known names
	 * @return the closest candidate or {@code null}
	 */
	static @Nullable String of(String target, Collection<String> candidates) {
		return of(candidates, (candidate) -> candidate, (candidate) -> target);
	}

	/**
	 * The candidate closest to a target that may depend on the candidate (such as the part
	 * of a property name that a candidate covers), if it is close enough to be a likely
	 * typo of it.
	 * @param <T> the type of the candidates
	 * @param candidates the known candidates
	 * @param candidateForm the form of a candidate to compare
	 * @param targetForm the form of the target to compare with a candidate
	 * @return the closest candidate or {@code null}
	 */
	static <T> @Nullable T of(Collection<T> candidates, Function<T, String> candidateForm,
			Function<T, String> targetForm) {
		T closest = null;
		int closestDistance = Integer.MAX_VALUE;
		for (T candidate : candidates) {
			String form = candidateForm.apply(candidate).toLowerCase(Locale.ROOT);
			int distance = distance(targetForm.apply(candidate).toLowerCase(Locale.ROOT), form);
			// Distance 0 is the same name: a misuse, not a typo, and nothing to suggest
			if (distance > 0 && distance < closestDistance && distance <= maxDistance(form)) {
				closest = candidate;
				closestDistance = distance;
			}
		}
		return closest;
	}

	private static int maxDistance(String candidate) {
		// Two edits, more for long names: a transposition costs two
		return Math.max(2, candidate.length() / 4);
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) != b.charAt(j - 1)) ? 1 : 0);
				current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
