/**
 * The {@code genimage} command-line tool (picocli): {@link org.genimage.examples.cli.GenImageCli}
 * and one thin command per task, each calling a static method of {@link org.genimage.examples}.
 * Exit codes are in {@link org.genimage.examples.cli.ExitCodes}.
 */
package org.genimage.examples.cli;
