package io.directmail.internal.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.directmail.internal.account.ModelVersion.Change;
import io.directmail.internal.account.ModelVersion.RecordKey;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ModelVersionTest {

    private static RecordKey template(int n) {
        return new RecordKey(StoredModel.TEMPLATES, "acme/t" + n);
    }

    private static ModelVersion after(int changes) {
        ModelVersion version = ModelVersion.INITIAL;
        for (int n = 1; n <= changes; n++) {
            version = version.next(template(n));
        }
        return version;
    }

    @Test
    void aNodeBehind_getsTheRecordsChangedSince_eachOnce() {
        ModelVersion version = ModelVersion.INITIAL.next(template(1)).next(template(2)).next(template(1));

        assertThat(version.number()).isEqualTo(3);
        assertThat(version.changedAfter(3)).contains(Set.of());
        assertThat(version.changedAfter(2)).contains(Set.of(template(1)));
        assertThat(version.changedAfter(0)).hasValueSatisfying(changed -> assertThat(changed)
                .containsExactly(template(1), template(2)));
    }

    @Test
    void theRecordNamesTheLatestChangesOnly_soANodeFurtherBehindReloadsEverything() {
        ModelVersion version = after(ModelVersion.RECENT_CHANGES + 6);

        assertThat(version.recent()).hasSize(ModelVersion.RECENT_CHANGES);
        assertThat(version.recent().getFirst().number()).isEqualTo(7);
        assertThat(version.changedAfter(6)).hasValueSatisfying(changed -> assertThat(changed).hasSize(ModelVersion.RECENT_CHANGES));
        assertThat(version.changedAfter(5)).as("change 6 is no longer named").isEmpty();
        assertThat(version.changedAfter(version.number() + 1)).as("a node ahead of the store: the record was lost")
                .isEqualTo(Optional.empty());
    }

    @Test
    void changesNotNumberedInARowUpToTheVersion_areRefused() {
        assertThatThrownBy(() -> new ModelVersion(3, null, List.of(new Change(1, template(1)), new Change(3, template(3)))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> new ModelVersion(-1, null, List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
