package org.genimage.api;

import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import java.util.stream.Collectors;
import org.genimage.api.internal.Checks;

/** A sequence of transforms, flattened so nested compositions print as one list. */
final class ComposedTransform implements ImageTransform {
  static final ComposedTransform IDENTITY = new ComposedTransform(List.of());

  private final List<ImageTransform> steps;

  private ComposedTransform(List<ImageTransform> steps) {
    this.steps = steps;
  }

  static ImageTransform of(List<ImageTransform> steps) {
    Checks.notNull("steps", steps);
    List<ImageTransform> flat = new ArrayList<>();
    for (ImageTransform step : steps) {
      Checks.notNull("steps[" + flat.size() + "]", step);
      if (step instanceof ComposedTransform c) {
        flat.addAll(c.steps);
      } else {
        flat.add(step);
      }
    }
    if (flat.isEmpty()) {
      return IDENTITY;
    }
    return flat.size() == 1 ? flat.get(0) : new ComposedTransform(List.copyOf(flat));
  }

  @Override
  public RgbImage apply(RgbImage image, RandomGenerator random) {
    RgbImage current = image;
    for (ImageTransform step : steps) {
      current = step.apply(current, random);
    }
    return current;
  }

  @Override
  public String description() {
    if (steps.isEmpty()) {
      return "identity";
    }
    return steps.stream().map(ImageTransform::description).collect(Collectors.joining(" -> "));
  }

  @Override
  public boolean isRandom() {
    return steps.stream().anyMatch(ImageTransform::isRandom);
  }

  @Override
  public String toString() {
    return description();
  }
}
