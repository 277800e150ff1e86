package io.redstreams.impl.consumer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.redstreams.StreamType;

/** Which specs {@link TypeRoutes} joins, and the problems it names. */
class TypeRoutesTest {

    @StreamType("a")
    record A(long id) {
    }

    @StreamType("b")
    record B(long id) {
    }

    private static ConsumerSpec spec(String name, String stream, Class<?> payload, String... types) {
        return new ConsumerSpec().name(name).stream(stream).group("g").payloadType(payload).types(types)
                .invoker(argument -> null);
    }

    @Test
    void distinctTypesOnOneStreamAndGroupBecomeOneRoutedSpec() {
        List<String> problems = new ArrayList<>();
        List<ConsumerSpec> specs = TypeRoutes.combine(List.of(spec("X#a", "s", A.class), spec("other", "t", String.class),
                spec("X#b", "s", B.class), spec("X#c", "s", String.class, "c", "d")), "me", problems);
        assertThat(problems).isEmpty();
        assertThat(specs).hasSize(2);
        ConsumerSpec routed = specs.get(0);
        assertThat(routed.name()).isEqualTo("X#a + X#b + X#c");
        assertThat(routed.routes()).extracting(ConsumerSpec::name).containsExactly("X#a", "X#b", "X#c");
        assertThat(routed.types()).isEmpty(); // unrouted types reach the router: dead-lettered
        assertThat(routed.problems()).isEmpty();
        assertThat(specs.get(1).name()).isEqualTo("other");
    }

    @Test
    void skippingUnroutedTypesFiltersThemBeforeDecoding() {
        List<ConsumerSpec> specs = TypeRoutes.combine(List.of(spec("X#a", "s", A.class).unrouted("skip"),
                spec("X#b", "s", B.class).unrouted("skip")), "me", new ArrayList<>());
        assertThat(specs.get(0).types()).containsExactlyInAnyOrder("a", "b");
    }

    @Test
    void aCatchAllMethodIsNotJoinedAndSameTypesAndDisagreementsAreNamed() {
        List<String> problems = new ArrayList<>();
        List<ConsumerSpec> specs = TypeRoutes.combine(List.of(spec("X#all", "s", String.class),
                spec("X#a", "s", A.class)), "me", problems);
        assertThat(specs).hasSize(2); // reported as declared twice by Consumers.problems
        assertThat(problems).isEmpty();

        TypeRoutes.combine(List.of(spec("X#a", "u", A.class), spec("X#a2", "u", String.class, "a"),
                spec("X#b", "u", B.class).batchSize(3),
                spec("X#batch", "u", List.class, "z")), "me", problems);
        assertThat(problems).anySatisfy(p -> assertThat(p).startsWith("X#a2: handles type 'a'")
                        .contains("and so does X#a"))
                .anySatisfy(p -> assertThat(p).startsWith("X#b: shares stream 'u', group 'g' with X#a")
                        .contains("batchSize is 3, not 10"))
                .anySatisfy(p -> assertThat(p).startsWith("X#batch: a batch consumer (List parameter) cannot share"));
    }
}
