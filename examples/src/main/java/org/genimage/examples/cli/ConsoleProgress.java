package org.genimage.examples.cli;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import org.genimage.api.EpochSummary;
import org.genimage.examples.Progress;

/**
 * Draws the examples' {@link Progress} on the terminal with progressbar bars (on standard error,
 * so standard output stays clean for tables and JSON): one bar per training run, per scored cell and
 * per counted task, and status lines between them. Thread-safe: the runner reports scored images from
 * its scoring threads.
 */
public final class ConsoleProgress implements Progress {
  private final PrintStream err;
  private final boolean bars;
  private final boolean messages;
  private ProgressBar bar;
  private String barOwner;
  private int batchesPerEpoch;

  /**
   * A console reporter.
   *
   * @param err where bars and messages go (standard error)
   * @param bars whether to draw progress bars
   * @param messages whether to print status lines
   */
  public ConsoleProgress(PrintStream err, boolean bars, boolean messages) {
    this.err = err;
    this.bars = bars;
    this.messages = messages;
  }

  private ProgressBar open(String name, long total, String owner) {
    close();
    if (!bars) {
      return null;
    }
    bar = new ProgressBarBuilder().setTaskName(name).setInitialMax(Math.max(1, total))
        .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(250)
        .setConsumer(new ConsoleProgressBarConsumer(err, 110)).build();
    barOwner = owner;
    return bar;
  }

  private void close() {
    if (bar != null) {
      bar.close();
      bar = null;
      barOwner = null;
    }
  }

  @Override
  public synchronized void message(String text) {
    close();
    if (messages) {
      err.println("genimage: " + text);
    }
  }

  @Override
  public synchronized void warning(String text) {
    close();
    err.println("genimage: warning: " + text);
  }

  @Override
  public synchronized void startTask(String name, long total) {
    open(name, total, "task");
  }

  @Override
  public synchronized void step(long done) {
    if (bar != null) {
      bar.stepTo(done);
    }
  }

  @Override
  public synchronized void endTask() {
    close();
  }

  @Override
  public synchronized void onStart(int epochs, int batches) {
    batchesPerEpoch = batches;
    open("train", (long) epochs * batches, "train");
  }

  @Override
  public synchronized void onBatch(int epoch, int batch, double loss) {
    if (bar != null && "train".equals(barOwner)) {
      bar.stepTo((long) (epoch - 1) * batchesPerEpoch + batch);
      bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d loss %.3f", epoch, loss));
    }
  }

  @Override
  public synchronized void onEpoch(EpochSummary s) {
    if (bar != null && "train".equals(barOwner)) {
      Double auc = s.validation().get("auc");
      bar.setExtraMessage(String.format(Locale.ROOT, " epoch %d loss %.3f%s", s.epoch(),
          s.trainingLoss(), auc == null ? "" : String.format(Locale.ROOT, " val auc %.3f", auc)));
    }
  }

  @Override
  public synchronized void onCellStart(String cellId, String kind) {
    if ("score".equals(kind)) {
      open(cellId, 1, cellId);
    } else {
      close();
      if (messages) {
        err.println("genimage: " + cellId);
      }
    }
  }

  @Override
  public synchronized void onImagesScored(String cellId, int done, int total) {
    if (bar != null && cellId.equals(barOwner)) {
      bar.maxHint(total);
      bar.stepTo(done);
    }
  }

  @Override
  public synchronized void onCellFinished(String cellId, Duration elapsed) {
    close();
  }

  @Override
  public synchronized void onCellResumed(String cellId) {
    if (messages) {
      err.println("genimage: resumed " + cellId + " from the run directory");
    }
  }

  @Override
  public synchronized void onRunFinished(int computed, int resumed) {
    close();
  }
}
