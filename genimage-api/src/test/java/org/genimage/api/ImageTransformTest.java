package org.genimage.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

class ImageTransformTest {
  /** Adds a constant to every byte; named so descriptions can be checked. */
  private record AddConstant(int amount) implements ImageTransform {
    @Override
    public RgbImage apply(RgbImage image, RandomGenerator random) {
      byte[] px = image.toByteArray();
      for (int i = 0; i < px.length; i++) {
        px[i] = (byte) Math.min(255, (px[i] & 0xFF) + amount);
      }
      return RgbImage.wrap(image.width(), image.height(), px);
    }

    @Override
    public String description() {
      return "add(" + amount + ")";
    }
  }

  /** Sets every pixel to a random grey level. */
  private static final class RandomGrey implements ImageTransform {
    @Override
    public RgbImage apply(RgbImage image, RandomGenerator random) {
      int v = random.nextInt(256);
      return RgbImage.filled(image.width(), image.height(), v, v, v);
    }

    @Override
    public String description() {
      return "randomGrey";
    }

    @Override
    public boolean isRandom() {
      return true;
    }
  }

  @Test
  void compositionAppliesInOrderAndDescribesEveryStep() {
    ImageTransform t = new AddConstant(10).andThen(new AddConstant(250)).andThen(new AddConstant(1));
    RgbImage out = t.apply(RgbImage.filled(1, 1, 0, 0, 0));
    assertThat(out.sample(0, 0, 0)).isEqualTo(255);
    assertThat(t.description()).isEqualTo("add(10) -> add(250) -> add(1)");
    assertThat(t.isRandom()).isFalse();
    assertThat(new AddConstant(1).andThen(new RandomGrey()).isRandom()).isTrue();
  }

  @Test
  void identityAndSingletonCompositionsAreSimplified() {
    RgbImage img = RgbImage.filled(2, 2, 9, 9, 9);
    assertThat(ImageTransform.identity().apply(img)).isSameAs(img);
    assertThat(ImageTransform.identity().description()).isEqualTo("identity");
    AddConstant one = new AddConstant(1);
    assertThat(ImageTransform.compose(List.of(one))).isSameAs(one);
    assertThat(ImageTransform.compose(List.of())).isSameAs(ImageTransform.identity());
    assertThatThrownBy(() -> ImageTransform.compose(java.util.Arrays.asList(one, null)))
        .hasMessageStartingWith("steps[1]");
  }

  @Test
  void perSampleRandomnessIsReproducibleAndSampleSpecific() {
    RandomGrey grey = new RandomGrey();
    RgbImage img = RgbImage.filled(1, 1, 0, 0, 0);
    int a1 = grey.apply(img, ImageTransform.randomFor(42, "a.png")).sample(0, 0, 0);
    int a2 = grey.apply(img, ImageTransform.randomFor(42, "a.png")).sample(0, 0, 0);
    assertThat(a1).isEqualTo(a2);
    long distinct = java.util.stream.IntStream.range(0, 50)
        .map(i -> grey.apply(img, ImageTransform.randomFor(42, "img" + i)).sample(0, 0, 0))
        .distinct().count();
    assertThat(distinct).isGreaterThan(30);
    assertThat(ImageTransform.randomFor(1, "a").nextLong())
        .isNotEqualTo(ImageTransform.randomFor(2, "a").nextLong());
  }
}
