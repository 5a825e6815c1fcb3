package org.genimage.degrade;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.random.RandomGenerator;

/** A generator that replays given doubles and ints, and fails on any other draw. */
final class ScriptedRandom implements RandomGenerator {
  private final Deque<Double> doubles = new ArrayDeque<>();
  private final Deque<Integer> ints = new ArrayDeque<>();

  ScriptedRandom withDoubles(double... values) {
    for (double v : values) {
      doubles.add(v);
    }
    return this;
  }

  ScriptedRandom withInts(int... values) {
    for (int v : values) {
      ints.add(v);
    }
    return this;
  }

  boolean exhausted() {
    return doubles.isEmpty() && ints.isEmpty();
  }

  @Override
  public double nextDouble() {
    return doubles.remove();
  }

  @Override
  public int nextInt(int bound) {
    int v = ints.remove();
    if (v < 0 || v >= bound) {
      throw new AssertionError("scripted " + v + " outside bound " + bound);
    }
    return v;
  }

  @Override
  public long nextLong() {
    throw new AssertionError("unexpected nextLong draw");
  }
}
