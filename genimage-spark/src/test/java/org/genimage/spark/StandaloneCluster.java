package org.genimage.spark;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A Spark standalone cluster on the loopback address for tests: one master and some one-core
 * workers, each its own JVM started from Spark's jars (the module's provided scope, listed in the
 * file the build writes), plus {@code spark-submit} JVMs. No Spark distribution is needed: a
 * SPARK_HOME is made in the given folder whose {@code jars/} links Spark's jars, because a worker
 * launches executors with {@code java -cp $SPARK_HOME/jars/*} (Spark's WorkerCommandBuilder, which
 * also needs SPARK_SCALA_VERSION when no build directory is present). Every JVM logs to a file in the
 * folder; {@link #close()} kills them all with their child processes (executors).
 */
final class StandaloneCluster implements AutoCloseable {
  private static final Duration START_TIMEOUT = Duration.ofSeconds(120);
  /** How long a killed process may take to exit. */
  private static final Duration EXIT_TIMEOUT = Duration.ofSeconds(30);
  /**
   * The master and workers bind the ports they are given or fail: Spark would otherwise move to
   * the next port when one is taken between {@link #freePort()} and the bind, and the master's URL
   * and UI port this harness knows would then be wrong (a timeout instead of a clear failure).
   */
  private static final String NO_PORT_RETRIES = "-Dspark.port.maxRetries=0";

  private final Path dir;
  private final List<String> sparkJars;
  private final Path sparkHome;
  private final List<Process> processes = new ArrayList<>();
  private final List<Process> workers = new ArrayList<>();
  private final Map<Process, String> names = new java.util.IdentityHashMap<>();
  private int masterPort;
  private int masterUiPort;
  /** Kills the JVMs if the test JVM exits without {@link #close()} (a crash, a surefire timeout). */
  private final Thread killer = new Thread(this::killAll, "standalone-cluster-killer");

  private StandaloneCluster(Path dir, List<String> sparkJars, Path sparkHome) {
    this.dir = dir;
    this.sparkJars = sparkJars;
    this.sparkHome = sparkHome;
    Runtime.getRuntime().addShutdownHook(killer);
  }

  /**
   * Starts a master and {@code workers} workers of one core each and waits until all are
   * registered with the master.
   *
   * @param dir the folder for SPARK_HOME, work directories and logs
   * @param classpathDir the build's {@code target/spark-classpath}: Spark's slf4j jar, and Spark's
   *     other jars listed in {@code provided.txt} and {@code shared.txt}
   * @param workers how many workers
   * @param workerMemory each worker's memory for executors, like {@code 1g}
   */
  static StandaloneCluster start(Path dir, Path classpathDir, int workers, String workerMemory)
      throws IOException, InterruptedException {
    List<String> jars = new ArrayList<>();
    try (var s = Files.list(classpathDir)) {
      s.filter(p -> p.toString().endsWith(".jar")).sorted().forEach(p -> jars.add(p.toString()));
    }
    for (String list : List.of("provided.txt", "shared.txt")) {
      Arrays.stream(Files.readString(classpathDir.resolve(list)).trim()
          .split(java.io.File.pathSeparator)).filter(x -> !x.isBlank()).forEach(jars::add);
    }
    Path home = dir.resolve("spark-home");
    Path jarsDir = Files.createDirectories(home.resolve("jars"));
    for (int i = 0; i < jars.size(); i++) {
      Path jar = Path.of(jars.get(i));
      // Numbered: two artifacts may share a file name.
      Files.createSymbolicLink(jarsDir.resolve(i + "-" + jar.getFileName()), jar);
    }
    Files.createDirectories(home.resolve("conf"));
    StandaloneCluster c = new StandaloneCluster(dir, jars, home);
    try {
      c.masterPort = freePort();
      c.masterUiPort = freePort();
      c.processes.add(c.launch("master", List.of("org.apache.spark.deploy.master.Master",
          "--host", "127.0.0.1", "--port", Integer.toString(c.masterPort), "--webui-port",
          Integer.toString(c.masterUiPort)), List.of("-Xmx256m", NO_PORT_RETRIES)));
      c.waitForWorkers(0);
      for (int i = 0; i < workers; i++) {
        c.addWorker(workerMemory);
      }
      c.waitForWorkers(workers);
      return c;
    } catch (IOException | InterruptedException | RuntimeException e) {
      c.close();
      throw e;
    }
  }

  /** The master's URL for {@code --master}. */
  String masterUrl() {
    return "spark://127.0.0.1:" + masterPort;
  }

  /** The folder of SPARK_HOME, logs and work directories. */
  Path dir() {
    return dir;
  }

  /** The worker JVMs, in start order. */
  List<Process> workers() {
    return List.copyOf(workers);
  }

  /** Starts one more one-core worker (without waiting for its registration). */
  Process addWorker(String memory) throws IOException {
    int n = workers.size();
    Path work = Files.createDirectories(dir.resolve("work-" + n));
    Process p = launch("worker-" + n, List.of("org.apache.spark.deploy.worker.Worker",
        masterUrl(), "--host", "127.0.0.1", "--cores", "1", "--memory", memory, "--work-dir",
        work.toString(), "--webui-port", Integer.toString(freePort())),
        List.of("-Xmx256m", NO_PORT_RETRIES));
    processes.add(p);
    workers.add(p);
    return p;
  }

  /**
   * Kills a worker JVM and its executors (child processes) by process id, as a lost machine would
   * disappear: no shutdown hooks, no goodbye to the master or driver.
   *
   * @return the process ids killed, the worker's first
   */
  List<Long> killWorker(int index) throws InterruptedException, IOException {
    Process worker = workers.get(index);
    List<ProcessHandle> victims = new ArrayList<>();
    victims.add(worker.toHandle());
    worker.toHandle().descendants().forEach(victims::add);
    List<Long> pids = new ArrayList<>();
    for (ProcessHandle h : victims) {
      pids.add(h.pid());
      h.destroyForcibly();
    }
    for (ProcessHandle h : victims) {
      awaitExit(h);
    }
    return pids;
  }

  /**
   * Runs {@code spark-submit} in client mode as its own JVM, logging to {@code name.log}.
   *
   * @param name the log's name
   * @param submitArgs the arguments after {@code --master URL --deploy-mode client}
   * @return the running driver JVM
   */
  Process submit(String name, List<String> submitArgs) throws IOException {
    List<String> args = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit",
        "--master", masterUrl(), "--deploy-mode", "client"));
    args.addAll(submitArgs);
    Process p = launch(name, args, List.of("-Xmx1g"));
    processes.add(p);
    return p;
  }

  /** The log file of a JVM started under {@code name}. */
  Path log(String name) {
    return dir.resolve(name + ".log");
  }

  /** How many workers the master lists as alive. */
  int aliveWorkers() throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + masterUiPort + "/json/")).timeout(Duration.ofSeconds(5))
        .build(), HttpResponse.BodyHandlers.ofString());
    JsonNode json = new ObjectMapper().readTree(r.body());
    return json.path("aliveworkers").asInt(-1);
  }

  private void waitForWorkers(int n) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
    while (true) {
      for (Process p : processes) {
        if (!p.isAlive()) {
          throw new IllegalStateException(names.get(p) + " exited with " + p.exitValue()
              + " while starting; its log ends:\n" + tail(log(names.get(p))));
        }
      }
      try {
        if (aliveWorkers() == n) {
          return;
        }
      } catch (IOException e) {
        // The master's UI is not up yet.
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the master did not list " + n + " workers within "
            + START_TIMEOUT + "; logs in " + dir);
      }
      Thread.sleep(250);
    }
  }

  private Process launch(String name, List<String> mainAndArgs, List<String> jvmOptions)
      throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(jvmOptions);
    cmd.addAll(addOpens());
    cmd.add("-Djava.io.tmpdir=" + Files.createDirectories(dir.resolve("tmp-" + name)));
    cmd.add("-cp");
    cmd.add(String.join(java.io.File.pathSeparator, sparkJars));
    cmd.addAll(mainAndArgs);
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(log(name).toFile());
    Map<String, String> env = pb.environment();
    env.put("SPARK_HOME", sparkHome.toString());
    env.put("SPARK_SCALA_VERSION", "2.12");
    env.put("SPARK_LOCAL_IP", "127.0.0.1");
    env.put("SPARK_LOCAL_DIRS", dir.resolve("local-" + name).toString());
    // One task slot per core: one OpenMP thread per task (inherited by executors).
    env.put("OMP_NUM_THREADS", "1");
    Process p = pb.start();
    names.put(p, name);
    return p;
  }

  /** The last lines of a log, for failure messages. */
  static String tail(Path log) {
    try {
      List<String> lines = Files.readAllLines(log);
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
    } catch (IOException e) {
      return "(cannot read " + log + ": " + e.getMessage() + ")";
    }
  }

  /** Spark 3.5's Java 17 opens, as the test JVM got them (the build's spark.addOpens). */
  private static List<String> addOpens() {
    return java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
        .filter(a -> a.startsWith("--add-opens") || a.equals("-XX:+IgnoreUnrecognizedVMOptions")
            || a.startsWith("-Djdk.reflect.useDirectMethodHandle")
            || a.startsWith("-Dio.netty.tryReflectionSetAccessible"))
        .toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  /** Waits for a killed process to exit, at most {@link #EXIT_TIMEOUT}. */
  private static void awaitExit(ProcessHandle h) throws IOException, InterruptedException {
    try {
      h.onExit().get(EXIT_TIMEOUT.toSeconds(), java.util.concurrent.TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
      throw new IOException("process " + h.pid() + " did not exit within " + EXIT_TIMEOUT
          + " after being killed", e);
    }
  }

  /** Every JVM this cluster started and their children, killed without waiting. */
  private List<ProcessHandle> killAll() {
    List<ProcessHandle> all = new ArrayList<>();
    for (Process p : processes) {
      all.add(p.toHandle());
      p.toHandle().descendants().forEach(all::add);
    }
    all.forEach(ProcessHandle::destroyForcibly);
    return all;
  }

  /**
   * Kills every JVM this cluster started (drivers, workers, master) and their children, and waits
   * for each to exit; a process that does not exit is reported after all others were waited for.
   */
  @Override
  public void close() {
    try {
      Runtime.getRuntime().removeShutdownHook(killer);
    } catch (IllegalStateException e) {
      // The JVM is shutting down: the hook runs (or ran) killAll.
    }
    UncheckedIOException failure = null;
    for (ProcessHandle h : killAll()) {
      try {
        awaitExit(h);
      } catch (IOException e) {
        failure = suppress(failure, new UncheckedIOException(e));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        failure = suppress(failure, new UncheckedIOException(new java.io.InterruptedIOException(
            "interrupted while waiting for process " + h.pid())));
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  private static UncheckedIOException suppress(UncheckedIOException first,
      UncheckedIOException next) {
    if (first == null) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }
}
