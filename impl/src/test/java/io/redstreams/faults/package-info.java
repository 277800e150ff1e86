/**
 * The fault suite: one {@code *IT} class per scenario of the "prove it under faults" issue, each bounded in time
 * and message count, each stopping what it started, each counting by entry id (see {@link io.redstreams.faults.Ledger})
 * what was produced, handled, dead-lettered and is still pending, and asserting that nothing is lost.
 *
 * <p>Every scenario prints one line {@code FAULT <name>: produced=.. handled=.. dlq=.. duplicates=.. lost=0
 * pending=0 time=..s ...} to stdout and appends it to {@code impl/target/fault-summary.txt} (surefire sends test
 * stdout to {@code target/surefire-reports/*-output.txt}).
 *
 * <ol>
 *   <li>{@link io.redstreams.faults.RedisRestartIT}: 50,000 messages, 2 groups x concurrency 4, an
 *       {@code appendfsync always} Redis stopped (SIGTERM) and killed (SIGKILL), each time restarted.</li>
 *   <li>{@link io.redstreams.faults.ConsumerKilledIT}: a consumer JVM ({@link io.redstreams.faults.DoomedConsumerMain})
 *       killed with SIGKILL while holding pending entries; this JVM claims them.</li>
 *   <li>{@link io.redstreams.faults.ConnectionsKilledIT}: {@code CLIENT KILL TYPE normal} every 250 ms.</li>
 *   <li>{@link io.redstreams.faults.PoisonMessagesIT}: bad JSON, wrong shapes, empty and missing payloads, and
 *       methods that always throw, among good entries.</li>
 *   <li>{@link io.redstreams.faults.BacklogIT}: 1,000,000 entries drained by a {@code -Xmx64m} JVM
 *       ({@link io.redstreams.faults.BacklogConsumerMain}).</li>
 *   <li>{@link io.redstreams.faults.ShutdownUnderLoadIT}: the container closed while handlers run.</li>
 *   <li>{@link io.redstreams.faults.RedisUnreachableAtStartIT}: Redis absent at start, and
 *       {@code redstreams.startup.require-redis}.</li>
 * </ol>
 *
 * <p>Sizes can be lowered on a slow machine: {@code -Dredstreams.faults.restart.messages=20000},
 * {@code -Dredstreams.faults.kill.messages=10000}, {@code -Dredstreams.faults.backlog.entries=100000}
 * ({@code -Dredstreams.faults.backlog.heap=256m} changes the backlog JVM's heap).
 */
package io.redstreams.faults;
