package io.github.keepalive.benchmarks;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * How a target of the starter against its baseline is judged: on the median of the rounds,
 * and met only when it clears the threshold by more than the A/A spread, the difference
 * between two instances of the same baseline measured in the same rounds. No clock, no
 * I/O: the figures come in, the verdict goes out.
 */
final class BaselineVerdict {

	/** The verdict of a target that cleared its threshold by more than the A/A spread. */
	static final String MET = "met";

	/** The verdict of a target that did not. */
	static final String NOT_MET = "NOT met";

	/** The verdict of a target whose figures are missing. */
	static final String NOT_RUN = "not run";

	private BaselineVerdict() {
	}

	/**
	 * The median of some values, NaN ignored.
	 * @param values the values
	 * @return the median, NaN if none
	 */
	static double median(double... values) {
		double[] sorted = Arrays.stream(values).filter((v) -> !Double.isNaN(v)).sorted().toArray();
		if (sorted.length == 0) {
			return Double.NaN;
		}
		int middle = sorted.length / 2;
		return (sorted.length % 2 == 1) ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
	}

	/**
	 * The ratio of two variants measured in the same rounds: of their medians, the lowest
	 * and highest of the rounds' own ratios, and their median.
	 * @param subject the subject's value per round
	 * @param baseline the baseline's value per round, in the same order
	 * @return the ratio
	 */
	static Ratio ratio(double[] subject, double[] baseline) {
		int paired = Math.min(subject.length, baseline.length);
		// a round with a missing or zero value has no ratio of its own
		double[] rounds = IntStream.range(0, paired)
			.mapToDouble((i) -> subject[i] / baseline[i])
			.filter(Double::isFinite)
			.toArray();
		double min = Arrays.stream(rounds).min().orElse(Double.NaN);
		double max = Arrays.stream(rounds).max().orElse(Double.NaN);
		return new Ratio(median(subject) / median(baseline), min, max, median(rounds), paired);
	}

	/**
	 * The verdict on a value that must reach a threshold ({@code value >= threshold}): met
	 * when {@code value - threshold > spread}.
	 * @param value the measured value, e.g. a ratio of medians
	 * @param threshold the threshold
	 * @param spread the A/A spread of the same value (0 or more)
	 * @return the verdict
	 */
	static String atLeast(double value, double threshold, double spread) {
		return verdict(value - threshold, spread);
	}

	/**
	 * The verdict on a value that must stay under a threshold ({@code value <= threshold}):
	 * met when {@code threshold - value > spread}.
	 * @param value the measured value
	 * @param threshold the threshold
	 * @param spread the A/A spread of the same value (0 or more)
	 * @return the verdict
	 */
	static String atMost(double value, double threshold, double spread) {
		return verdict(threshold - value, spread);
	}

	private static String verdict(double margin, double spread) {
		if (Double.isNaN(margin) || Double.isNaN(spread)) {
			return NOT_RUN;
		}
		return (margin > Math.abs(spread)) ? MET : NOT_MET;
	}

	/**
	 * The subject's median over the median of two instances of the baseline taken together,
	 * each round of each instance one sample: what is left of the ratio when the baseline's
	 * difference between JVMs (the A/A spread) is averaged in rather than taken from one.
	 * @param subject the subject's value per round
	 * @param baseline the baseline's value per round
	 * @param control the control's (the baseline's second instance) value per round
	 * @return the ratio
	 */
	static double pooledRatio(double[] subject, double[] baseline, double[] control) {
		double[] both = new double[baseline.length + control.length];
		System.arraycopy(baseline, 0, both, 0, baseline.length);
		System.arraycopy(control, 0, both, baseline.length, control.length);
		return median(subject) / median(both);
	}

	/**
	 * A verdict from fewer rounds than the targets need, marked as such.
	 * @param verdict the verdict
	 * @param rounds the rounds it was judged on
	 * @param required the rounds the targets need
	 * @return the verdict, or it marked indicative
	 */
	static String withRounds(String verdict, int rounds, int required) {
		return (rounds >= required || verdict.equals(NOT_RUN)) ? verdict
				: verdict + " (indicative: " + rounds + " of " + required + " rounds)";
	}

	/**
	 * A ratio of medians with the range and the median of the rounds' own ratios.
	 *
	 * @param value the ratio of the medians
	 * @param min the lowest ratio of one round
	 * @param max the highest ratio of one round
	 * @param roundsMedian the median of the rounds' ratios: each round pairs the two
	 * variants in the same minutes (and, with forks, the same generation of JVMs), so a slow
	 * or fast round moves it less than it moves the ratio of medians; reported, not judged
	 * @param rounds how many rounds both were measured in
	 */
	record Ratio(double value, double min, double max, double roundsMedian, int rounds) {

		/**
		 * How far the ratio is from 1: the spread of an A/A ratio.
		 * @return the distance
		 */
		double spread() {
			return Math.abs(this.value - 1);
		}

		@Override
		public String toString() {
			return format(this.value) + "x (" + format(this.min) + "–" + format(this.max) + "; rounds' median "
					+ format(this.roundsMedian) + ")";
		}

		private static String format(double value) {
			return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.3f", value);
		}

	}

}
