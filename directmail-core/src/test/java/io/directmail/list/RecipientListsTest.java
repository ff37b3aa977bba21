package io.directmail.list;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.directmail.DuplicateNameException;
import io.directmail.LimitExceededException;
import io.directmail.NameNotFoundException;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class RecipientListsTest {

    private final RecipientLists lists = new RecipientLists(ListLimits.DEFAULT);

    @Test
    void theDefaultsAreTenListsOfTenThousandAddresses() {
        assertThat(ListLimits.DEFAULT).isEqualTo(new ListLimits(10, 10_000));
        assertThat(lists.limits()).isEqualTo(ListLimits.DEFAULT);
    }

    @Test
    void theTenthListIsAcceptedAndTheEleventhRefused() {
        IntStream.rangeClosed(1, 10).forEach(i -> lists.add(list("l" + i, 1)));

        Throwable thrown = catchThrowable(() -> lists.add(list("l11", 1)));

        assertThat(thrown).isInstanceOf(LimitExceededException.class).hasMessage("Limit maxListsPerAccount is 10, but the request needs 11");
        assertThat(lists.size()).isEqualTo(10);
        assertThat(lists.get("l11")).isEmpty();
    }

    @Test
    void aListOfTenThousandAddressesIsAcceptedAndOneMoreRefused() {
        lists.add(list("big", 10_000));
        RecipientList before = lists.get("big").orElseThrow();

        Throwable onAdd = catchThrowable(() -> lists.add(list("bigger", 10_001)));
        Throwable onReplace = catchThrowable(() -> lists.replace(list("big", 10_001)));

        for (Throwable thrown : List.of(onAdd, onReplace)) {
            assertThat(thrown).isInstanceOf(LimitExceededException.class)
                    .hasMessage("Limit maxAddressesPerList is 10000, but the request needs 10001");
        }
        assertThat(lists.list()).containsExactly(before);
    }

    @Test
    void replacingAListKeepsItsPlaceAndAnUnknownNameIsRefused() {
        lists.add(list("a", 2));

        assertThat(lists.replace(list("a", 3)).size()).isEqualTo(2);

        assertThat(lists.get("a").orElseThrow().size()).isEqualTo(3);
        assertThatThrownBy(() -> lists.replace(list("b", 1))).isInstanceOf(NameNotFoundException.class)
                .hasMessage("No recipient list named \"b\" exists");
        assertThat(lists.size()).isEqualTo(1);
    }

    @Test
    void namesAreUniqueAndDeletingFreesAPlace() {
        RecipientLists one = new RecipientLists(ListLimits.DEFAULT.withMaxListsPerAccount(1));
        one.add(list("a", 1));

        assertThatThrownBy(() -> one.add(list("a", 2))).isInstanceOf(DuplicateNameException.class)
                .hasMessage("A recipient list named \"a\" already exists");
        assertThat(one.delete("a")).isTrue();
        one.add(list("b", 1));
        assertThat(one.list()).extracting(RecipientList::name).containsExactly("b");
    }

    @Test
    void storedListsAreAllTakenEvenBeyondLoweredLimits() {
        RecipientLists restored = new RecipientLists(new ListLimits(1, 1), List.of(list("a", 2), list("b", 3)));

        assertThat(restored.size()).isEqualTo(2);
        assertThatThrownBy(() -> restored.replace(list("a", 2))).isInstanceOf(LimitExceededException.class);
    }

    @Test
    void badLimitsAndArgumentsAreRefused() {
        assertThatThrownBy(() -> new ListLimits(0, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxListsPerAccount must be at least 1, was 0");
        assertThatThrownBy(() -> ListLimits.DEFAULT.withMaxAddressesPerList(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("maxAddressesPerList must be at least 1, was 0");
        assertThatThrownBy(() -> lists.add(null)).isInstanceOf(NullPointerException.class);
        assertThat(lists.size()).isZero();
    }

    private static RecipientList list(String name, int size) {
        return new RecipientList(name, IntStream.range(0, size).mapToObj(i -> Recipient.of("user" + i + "@example.com")).toList());
    }
}
