/**
 * Lab code: a real single-node Kafka broker inside the JVM, for {@code demo}, {@code bench} and the integration
 * tests. Apart from the detector's packages because {@code run} and {@code train} talk to a real cluster and must
 * not depend on it (nor on the Kafka server and Scala jars it needs), so it can leave their runtime class path.
 */
package io.surprisal.embedded;
