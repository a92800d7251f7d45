package io.github.keepalive.client.pool;

import com.netflix.concurrency.limits.Limit;
import com.netflix.concurrency.limits.limit.AIMDLimit;
import com.netflix.concurrency.limits.limit.Gradient2Limit;
import com.netflix.concurrency.limits.limit.VegasLimit;

/**
 * How an adaptive per-route limit moves: one of the limit algorithms of Netflix's
 * {@code concurrency-limits}, with that library's own defaults, fed one sample per window
 * (the mean time a connection was held, and the most callers that held or waited for one
 * at once). Which one the starter uses was chosen by measurement (see the benchmarks'
 * README); the others stay for comparison.
 */
public enum AdaptiveLimitAlgorithm {

	/**
	 * TCP Vegas: estimates the requests queued at the server from the round trip against
	 * its lowest observed value, grows while that queue is short and shrinks while it is
	 * long.
	 */
	VEGAS {

		@Override
		Limit create(int initial, int floor, int ceiling) {
			return VegasLimit.newBuilder().initialLimit(initial).maxConcurrency(ceiling).build();
		}

	},

	/**
	 * Gradient: the ratio of a long-term average round trip to the latest one scales the
	 * limit, plus a small allowance for queueing.
	 */
	GRADIENT2 {

		@Override
		Limit create(int initial, int floor, int ceiling) {
			return Gradient2Limit.newBuilder().initialLimit(initial).minLimit(floor).maxConcurrency(ceiling).build();
		}

	},

	/**
	 * Additive increase, multiplicative decrease: grows by one while busy, shrinks by a
	 * tenth on a drop or a round trip above its timeout (5 s).
	 */
	AIMD {

		@Override
		Limit create(int initial, int floor, int ceiling) {
			return AIMDLimit.newBuilder().initialLimit(initial).minLimit(floor).maxLimit(ceiling).build();
		}

	};

	/** The algorithm the starter uses unless told otherwise. */
	public static final AdaptiveLimitAlgorithm DEFAULT = VEGAS;

	/**
	 * A new limit of this algorithm.
	 * @param initial the limit to start from
	 * @param floor the lowest limit
	 * @param ceiling the highest limit
	 * @return the limit
	 */
	abstract Limit create(int initial, int floor, int ceiling);

}
