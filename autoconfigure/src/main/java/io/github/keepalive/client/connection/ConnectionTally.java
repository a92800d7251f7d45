package io.github.keepalive.client.connection;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/**
 * How many connections a client established, and how many attempts failed and why: the
 * client's own count, kept whether or not anything listens.
 */
public final class ConnectionTally {

	private final LongAdder opened = new LongAdder();

	private final LongAdder[] failed = new LongAdder[ConnectionFailureReason.values().length];

	ConnectionTally() {
		for (int i = 0; i < this.failed.length; i++) {
			this.failed[i] = new LongAdder();
		}
	}

	void countOpened() {
		this.opened.increment();
	}

	void countFailed(ConnectionFailureReason reason) {
		this.failed[reason.ordinal()].increment();
	}

	/**
	 * Connections established so far.
	 * @return the count
	 */
	public long opened() {
		return this.opened.sum();
	}

	/**
	 * Failed attempts so far, by reason (its tag value), every reason present.
	 * @return the counts
	 */
	public Map<String, Long> failed() {
		Map<String, Long> failed = new LinkedHashMap<>();
		for (ConnectionFailureReason reason : ConnectionFailureReason.values()) {
			failed.put(reason.tagValue(), this.failed[reason.ordinal()].sum());
		}
		return failed;
	}

}
