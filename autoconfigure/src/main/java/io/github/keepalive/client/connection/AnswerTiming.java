package io.github.keepalive.client.connection;

/**
 * Whether the first read for an answer should try to read, or wait for the answer
 * first. Trying costs a read that finds nothing when the answer is not there yet; waiting
 * costs a wait that returns at once when it is. So a connection goes by what most of its
 * recent tries found, as a two-bit saturating counter does: it waits first only after
 * answers were missing at more tries than they were there, and while it waits it still
 * tries every {@value #RETRY_EVERY}th answer, to see whether they are there again. A
 * connection whose answers are usually there at once (a fast server on loopback) keeps
 * trying through the odd miss. One connection's reads only: not thread-safe.
 */
final class AnswerTiming {

	static final int RETRY_EVERY = 16;

	// 0 and 1: try first; 2 and 3: wait first
	private static final int MAX_MISSES = 3;

	private static final int WAIT_FROM = 2;

	private int misses;

	private int waitedSinceTry;

	/**
	 * Whether the first read for the next answer should wait first.
	 * @return whether to wait before reading
	 */
	boolean awaitFirst() {
		if (this.misses < WAIT_FROM) {
			return false;
		}
		if (++this.waitedSinceTry >= RETRY_EVERY) {
			this.waitedSinceTry = 0;
			return false;
		}
		return true;
	}

	/**
	 * The first read for an answer tried without waiting.
	 * @param found whether the answer was there
	 */
	void triedFirst(boolean found) {
		this.misses = found ? Math.max(0, this.misses - 1) : Math.min(MAX_MISSES, this.misses + 1);
	}

}
