/**
 * genimage's internal helpers shared by its modules (argument checks). Not part of the public API: it may change
 * without notice. (Exported because genimage's class-path modules, detectors and Spark, use it.)
 */
package org.genimage.api.internal;
