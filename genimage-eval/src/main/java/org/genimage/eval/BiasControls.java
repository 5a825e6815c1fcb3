package org.genimage.eval;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.genimage.api.BadArgumentException;
import org.genimage.api.BiasControl;
import org.genimage.api.BiasControlProvider;
import org.genimage.api.Dataset;
import org.genimage.api.internal.Checks;

/**
 * Applies the {@link ProtocolSettings#biasControl()} of a plan to every dataset in it, through the
 * registered {@link BiasControlProvider}. Every protocol passes its plan through {@link
 * #apply(ExperimentPlan)}, so the control works the same way for all of them.
 */
public final class BiasControls {
  private BiasControls() {}

  /**
   * The providers on the class path, highest rank first.
   *
   * @return the providers
   */
  public static List<BiasControlProvider> providers() {
    return ServiceLoader.load(BiasControlProvider.class).stream()
        .map(ServiceLoader.Provider::get)
        .sorted(Comparator.comparingInt(BiasControlProvider::rank).reversed())
        .toList();
  }

  /**
   * One dataset under a control.
   *
   * @param dataset the dataset
   * @param control the control
   * @param seed the seed of the balancing draw
   * @return the dataset itself when the control is none, else the provider's controlled dataset
   * @throws BadArgumentException if the control is not none and no provider is registered
   */
  public static Dataset apply(Dataset dataset, BiasControl control, long seed) {
    Checks.notNull("dataset", dataset);
    Checks.notNull("control", control);
    if (control.isNone()) {
      return dataset;
    }
    return provider(control).apply(dataset, control, seed);
  }

  /**
   * A plan whose training, checkpoint and test sets are all under the plan's bias control (the
   * plan itself when the control is none). A dataset used by several cells is controlled once and
   * shared, so its reals are selected once.
   *
   * @param plan the plan
   * @return the controlled plan, with the same cells, detectors and settings
   * @throws BadArgumentException if the control is not none and no provider is registered
   */
  public static ExperimentPlan apply(ExperimentPlan plan) {
    Checks.notNull("plan", plan);
    ProtocolSettings s = plan.settings();
    BiasControl control = s.biasControl();
    if (control.isNone()) {
      return plan;
    }
    BiasControlProvider provider = provider(control);
    Map<Dataset, Dataset> done = new IdentityHashMap<>();
    java.util.function.UnaryOperator<Dataset> controlled = d -> done.computeIfAbsent(d,
        k -> provider.apply(k, control, s.seed()));
    List<TrainCell> train = new ArrayList<>();
    for (TrainCell t : plan.trainCells()) {
      train.add(new TrainCell(t.id(), t.trainedOn(), t.trainer(), controlled.apply(t.training()),
          controlled.apply(t.validation())));
    }
    List<ScoreCell> score = new ArrayList<>();
    for (ScoreCell c : plan.scoreCells()) {
      score.add(new ScoreCell(c.id(), c.detectorKey(), c.testName(), controlled.apply(c.test()),
          c.condition(), c.degradation()));
    }
    return new ExperimentPlan(train, plan.givenDetectors(), score, s);
  }

  private static BiasControlProvider provider(BiasControl control) {
    List<BiasControlProvider> providers = providers();
    if (providers.isEmpty()) {
      throw new BadArgumentException("biasControl", "\"" + control.text() + "\" needs a bias-control"
          + " provider, and none is registered (is genimage-dataset on the class path?)");
    }
    return providers.get(0);
  }
}
