package org.genimage.examples.cli;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import org.genimage.examples.Progress;
import picocli.CommandLine.Mixin;

/** What every command shares: the output streams and the {@link CommonOptions}. */
abstract class BaseCommand implements Callable<Integer> {
  @Mixin
  CommonOptions common;

  PrintStream out = System.out;
  PrintStream err = System.err;

  void streams(PrintStream o, PrintStream e) {
    this.out = o;
    this.err = e;
  }

  Progress progress() {
    return common.progress(err);
  }
}
