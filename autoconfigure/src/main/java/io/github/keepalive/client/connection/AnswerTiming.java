package io.github.keepalive.client.connection;

/**
 * Whether the first read for an answer should try to read, or wait for the answer
 * first. Trying costs a read that finds nothing when the answer is not there yet; waiting
 * costs a wait that returns at once when it is. So a connection tries while its answers
 * were there at the first try, waits once they were not, and tries again now and then
 * (every {@value #RETRY_EVERY}th answer) to see whether they are again. One connection's
 * reads only: not thread-safe.
 */
final class AnswerTiming {

	static final int RETRY_EVERY = 16;

	private boolean waitFirst;

	private int waitedSinceTry;

	/**
	 * Whether the first read for the next answer should wait first.
	 * @return whether to wait before reading
	 */
	boolean awaitFirst() {
		if (!this.waitFirst) {
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
		this.waitFirst = !found;
	}

}
