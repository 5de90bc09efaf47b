package dev.sessionkeeper.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The memo of principal pages stays bounded, keeps the recently used, and answers per page. */
class PrincipalPageMemoTest {

    private static String id(int shard, int n) {
        return String.format("%03d%022d", shard, n);
    }

    @Test
    void itHoldsAtMostItsBoundsAndDropsTheLeastRecentlyUsedFirst() {
        PrincipalPageMemo memo = new PrincipalPageMemo();
        for (int p = 0; p < 20_000; p++) {
            for (int k = 0; k < 5; k++) {
                memo.added("user" + p, id(1, p * 10 + k));
            }
            if (p % 100 == 0) {
                memo.guess("user0", "", PrincipalOperations.PAGE);
            }
        }
        assertThat(memo.size()).isLessThanOrEqualTo(PrincipalPageMemo.IDS);
        assertThat(memo.guess("user0", "", PrincipalOperations.PAGE)).as("used recently, kept").hasSize(5);
        assertThat(memo.guess("user1", "", PrincipalOperations.PAGE)).as("least recently used, dropped").isEmpty();
        assertThat(memo.guess("user19999", "", PrincipalOperations.PAGE)).hasSize(5);

        for (int k = 0; k < 2_000; k++) {
            memo.added("crowd", id(2, k));
        }
        assertThat(memo.size()).isLessThanOrEqualTo(PrincipalPageMemo.IDS);
        List<String> all = new ArrayList<>();
        String after = "";
        for (List<String> page; !(page = memo.guess("crowd", after, 50)).isEmpty(); after = page.get(page.size() - 1)) {
            all.addAll(page);
        }
        assertThat(all).as("the lowest ids, the first pages").hasSize(PrincipalPageMemo.PER_PRINCIPAL)
                .startsWith(id(2, 0)).endsWith(id(2, PrincipalPageMemo.PER_PRINCIPAL - 1));
    }

    @Test
    void aPageReplacesWhatTheMemoKnewOfItsRangeOnly() {
        PrincipalPageMemo memo = new PrincipalPageMemo();
        for (int k = 0; k < 6; k++) {
            memo.added("ann", id(3, k));
        }
        memo.page("ann", id(3, 1), id(3, 3), List.of(id(3, 3), id(3, 9)));
        assertThat(memo.guess("ann", "", 50)).containsExactly(id(3, 0), id(3, 1), id(3, 3), id(3, 4), id(3, 5));
        memo.page("ann", id(3, 3), "", List.of());
        assertThat(memo.guess("ann", id(3, 0), 50)).containsExactly(id(3, 1), id(3, 3));
        memo.removed("ann", id(3, 0));
        memo.page("ann", "", "", List.of());
        assertThat(memo.guess("ann", "", 50)).isEmpty();
        assertThat(memo.size()).isZero();
    }
}
