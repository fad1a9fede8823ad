package io.surprisal.embedded;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/** Creates topics on the embedded broker and waits until they can be used. */
final class EmbeddedKafkaTopics {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final long POLL_MILLIS = 20;

    private final Admin admin;

    EmbeddedKafkaTopics(Admin admin) {
        this.admin = admin;
    }

    void create(Collection<NewTopic> topics) {
        List<String> names = topics.stream().map(NewTopic::name).toList();
        try {
            admin.createTopics(topics).all().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            awaitLeaders(names);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not create topics " + names, e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("could not create topics " + names, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics " + names, e);
        }
    }

    /**
     * The controller acknowledges creation before the broker's metadata cache has caught up; clients that
     * start right away would log UNKNOWN_TOPIC_OR_PARTITION warnings and retry.
     */
    private void awaitLeaders(List<String> names) throws InterruptedException, ExecutionException, TimeoutException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!allPartitionsLed(names)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("topics " + names + " have no leader after " + TIMEOUT);
            }
            TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
        }
    }

    private boolean allPartitionsLed(List<String> names) throws InterruptedException, ExecutionException, TimeoutException {
        try {
            Map<String, TopicDescription> described = admin.describeTopics(names).allTopicNames()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return described.values().stream()
                    .flatMap(d -> d.partitions().stream())
                    .allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return false;
            }
            throw e;
        }
    }
}
