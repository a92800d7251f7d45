package io.github.keepalive.benchmarks;

import org.junit.jupiter.api.Test;

import io.github.keepalive.benchmarks.BaselineVerdict.Ratio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Tests for {@link BaselineVerdict}: fixed figures in, verdicts out.
 */
class BaselineVerdictTests {

	@Test
	void medianOfOddAndEvenCountsIgnoresNaN() {
		assertThat(BaselineVerdict.median(3, 1, 2)).isEqualTo(2);
		assertThat(BaselineVerdict.median(4, 1, 3, 2)).isEqualTo(2.5);
		assertThat(BaselineVerdict.median(Double.NaN, 5, 7)).isEqualTo(6);
		assertThat(BaselineVerdict.median()).isNaN();
	}

	@Test
	void ratioIsOfTheMediansWithTheRangeOfTheRoundsOwnRatios() {
		Ratio ratio = BaselineVerdict.ratio(new double[] { 90, 100, 120, 95, 80 },
				new double[] { 100, 100, 100, 100, 200 });
		// medians 95 and 100; rounds 0.9, 1.0, 1.2, 0.95, 0.4
		assertThat(ratio.value()).isCloseTo(0.95, within(1e-9));
		assertThat(ratio.min()).isCloseTo(0.4, within(1e-9));
		assertThat(ratio.max()).isCloseTo(1.2, within(1e-9));
		assertThat(ratio.roundsMedian()).as("the median of 0.4, 0.9, 0.95, 1.0 and 1.2").isCloseTo(0.95, within(1e-9));
		assertThat(ratio.rounds()).isEqualTo(5);
		assertThat(ratio.spread()).isCloseTo(0.05, within(1e-9));
		assertThat(ratio).hasToString("0.950x (0.400–1.200; rounds' median 0.950)");
	}

	@Test
	void roundsMedianPairsEachRoundWhereTheRatioOfMediansMixesThem() {
		// the same values in two orders: the ratio of medians (90 over 100) cannot tell them apart
		Ratio paired = BaselineVerdict.ratio(new double[] { 45, 90, 180 }, new double[] { 50, 100, 200 });
		assertThat(paired.value()).isCloseTo(0.9, within(1e-9));
		assertThat(paired.roundsMedian()).as("0.9 in every round").isCloseTo(0.9, within(1e-9));
		Ratio mixed = BaselineVerdict.ratio(new double[] { 180, 45, 90 }, new double[] { 50, 100, 200 });
		assertThat(mixed.value()).isCloseTo(0.9, within(1e-9));
		assertThat(mixed.roundsMedian()).as("rounds 3.6, 0.45 and 0.45").isCloseTo(0.45, within(1e-9));
		Ratio missing = BaselineVerdict.ratio(new double[] { 90, 50 }, new double[] { 100, 0 });
		assertThat(missing.roundsMedian()).as("a round whose baseline is 0 is left out")
			.isCloseTo(0.9, within(1e-9));
	}

	@Test
	void pooledRatioDividesByTheMedianOfBothBaselineInstancesRoundsTogether() {
		// one baseline JVM fast, the other slow: against either alone the subject reads 0.8x or 1.25x
		double[] subject = { 100, 100, 100 };
		double[] baseline = { 125, 125, 125 };
		double[] control = { 80, 80, 80 };
		assertThat(BaselineVerdict.pooledRatio(subject, baseline, control)).isCloseTo(100 / 102.5, within(1e-9));
		assertThat(BaselineVerdict.pooledRatio(new double[] { 90, 110 }, new double[] { 100, Double.NaN },
				new double[] { 104, 96 }))
			.as("the medians of 90 and 110, and of 100, 104 and 96 (NaN ignored)")
			.isCloseTo(1.0, within(1e-9));
	}

	@Test
	void atLeastIsMetOnlyWhenTheMarginExceedsTheSpread() {
		assertThat(BaselineVerdict.atLeast(1.00, 0.95, 0.02)).isEqualTo("met");
		assertThat(BaselineVerdict.atLeast(0.96, 0.95, 0.02)).isEqualTo("NOT met");
		// clears the threshold by exactly the spread: not more than it
		assertThat(BaselineVerdict.atLeast(0.97, 0.95, 0.02 + 1e-12)).isEqualTo("NOT met");
		assertThat(BaselineVerdict.atLeast(0.90, 0.95, 0)).isEqualTo("NOT met");
		assertThat(BaselineVerdict.atLeast(0.951, 0.95, 0)).isEqualTo("met");
	}

	@Test
	void atMostIsMetOnlyWhenTheMarginExceedsTheSpread() {
		assertThat(BaselineVerdict.atMost(1.00, 1.1, 0.05)).isEqualTo("met");
		assertThat(BaselineVerdict.atMost(1.06, 1.1, 0.05)).isEqualTo("NOT met");
		assertThat(BaselineVerdict.atMost(1.2, 1.1, 0)).isEqualTo("NOT met");
		// a negative A/A difference is a spread all the same
		assertThat(BaselineVerdict.atMost(0.5, 1, -0.6)).isEqualTo("NOT met");
		assertThat(BaselineVerdict.atMost(0.5, 1, -0.4)).isEqualTo("met");
	}

	@Test
	void missingFiguresAreNotRun() {
		assertThat(BaselineVerdict.atLeast(Double.NaN, 0.95, 0.01)).isEqualTo("not run");
		assertThat(BaselineVerdict.atMost(1.0, 1.1, Double.NaN)).isEqualTo("not run");
	}

	@Test
	void fewerRoundsThanRequiredMakeTheVerdictIndicative() {
		assertThat(BaselineVerdict.withRounds("met", 5, 5)).isEqualTo("met");
		assertThat(BaselineVerdict.withRounds("NOT met", 1, 5)).isEqualTo("NOT met (indicative: 1 of 5 rounds)");
		assertThat(BaselineVerdict.withRounds("not run", 0, 5)).isEqualTo("not run");
	}

}
