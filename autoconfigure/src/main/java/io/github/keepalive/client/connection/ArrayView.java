package io.github.keepalive.client.connection;

import java.nio.ByteBuffer;

import org.jspecify.annotations.Nullable;

/**
 * A buffer over a caller's array, for a channel to read into or write from: callers read
 * or write through the same array again and again, so it is wrapped once, and wrapped
 * anew only when the array changes. One stream's reads or writes only: not thread-safe.
 */
final class ArrayView {

	private byte @Nullable [] array;

	private ByteBuffer view = ByteBuffer.allocate(0);

	/**
	 * The view of a part of the array.
	 * @param bytes the array
	 * @param offset where the part starts
	 * @param length how long it is
	 * @return a buffer whose position and limit enclose the part; valid until the next call
	 */
	ByteBuffer of(byte[] bytes, int offset, int length) {
		ByteBuffer view = this.view;
		if (this.array != bytes) {
			view = ByteBuffer.wrap(bytes);
			this.view = view;
			this.array = bytes;
		}
		view.clear();
		view.position(offset);
		view.limit(offset + length);
		return view;
	}

}
