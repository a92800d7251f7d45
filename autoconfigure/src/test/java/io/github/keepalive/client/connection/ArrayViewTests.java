package io.github.keepalive.client.connection;

import java.nio.ByteBuffer;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ArrayView}: one buffer an array, framing the part asked for.
 */
class ArrayViewTests {

	private final ArrayView view = new ArrayView();

	@Test
	void framesThePartOfTheArray() {
		byte[] bytes = { 1, 2, 3, 4, 5, 6 };
		ByteBuffer part = this.view.of(bytes, 2, 3);
		assertThat(part.array()).isSameAs(bytes);
		assertThat(part.position()).isEqualTo(2);
		assertThat(part.limit()).isEqualTo(5);
		assertThat(part.get()).isEqualTo((byte) 3);
	}

	@Test
	void theSameArrayIsWrappedOnce() {
		byte[] bytes = new byte[16];
		ByteBuffer first = this.view.of(bytes, 0, 16);
		// consumed by a channel's read or write
		first.position(16);
		ByteBuffer second = this.view.of(bytes, 4, 8);
		assertThat(second).isSameAs(first);
		assertThat(second.position()).isEqualTo(4);
		assertThat(second.remaining()).isEqualTo(8);
	}

	@Test
	void anotherArrayIsWrappedAnew() {
		byte[] first = new byte[8];
		byte[] second = new byte[8];
		ByteBuffer firstView = this.view.of(first, 0, 8);
		ByteBuffer secondView = this.view.of(second, 0, 8);
		assertThat(secondView).isNotSameAs(firstView);
		assertThat(secondView.array()).isSameAs(second);
		// only the last array is kept
		assertThat(this.view.of(first, 1, 2).array()).isSameAs(first);
	}

}
