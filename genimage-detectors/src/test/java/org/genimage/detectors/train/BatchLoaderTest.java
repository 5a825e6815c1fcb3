package org.genimage.detectors.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchLoaderTest {
  @Test
  void deliversBatchesInOrderFromTheFirstAskedWhilePreparingAhead() {
    List<Integer> prepared = Collections.synchronizedList(new ArrayList<>());
    try (BatchLoader l = new BatchLoader(2, 9, 2, 3, 4, 1, (b, into) -> {
      prepared.add(b);
      java.util.Arrays.fill(into.input, b);
      return b == 8 ? 1 : 4;
    })) {
      for (int b = 2; b < 9; b++) {
        BatchLoader.Buffers x = l.next();
        assertThat(x.input).containsOnly((float) b);
        assertThat(x.size).isEqualTo(b == 8 ? 1 : 4);
      }
      assertThatThrownBy(l::next).isInstanceOf(IllegalStateException.class);
    }
    assertThat(prepared).containsExactlyInAnyOrder(2, 3, 4, 5, 6, 7, 8);
  }

  @Test
  void aFailureWhilePreparingABatchIsThrownWhenThatBatchIsAskedFor() {
    try (BatchLoader l = new BatchLoader(0, 4, 2, 2, 1, 1, (b, into) -> {
      if (b == 1) {
        throw new IllegalArgumentException("bad image in batch 1");
      }
      return 1;
    })) {
      assertThat(l.next().size).isEqualTo(1);
      assertThatThrownBy(l::next).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batch 1");
    }
  }
}
