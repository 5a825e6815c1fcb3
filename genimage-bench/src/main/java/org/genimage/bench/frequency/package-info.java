/** JMH forward-throughput benchmarks of the frequency/texture detectors (Spec, GramNet, F3Net). */
package org.genimage.bench.frequency;
