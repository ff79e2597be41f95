package dev.copilotj.internal.session;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The CLI sends created and deleted twice per session; listeners should hear each once. */
class LifecycleDeduplicatorTest {

  private final LifecycleDeduplicator deduplicator = new LifecycleDeduplicator();

  @Test
  void createdIsFirstOncePerSession() {
    assertThat(deduplicator.isFirst("session.created", "s1")).isTrue();
    assertThat(deduplicator.isFirst("session.created", "s1")).isFalse();
    assertThat(deduplicator.isFirst("session.created", "s1")).isFalse();
    assertThat(deduplicator.isFirst("session.created", "s2")).as("ids are independent").isTrue();
  }

  @Test
  void deletedIsFirstOncePerSession() {
    assertThat(deduplicator.isFirst("session.deleted", "s1")).isTrue();
    assertThat(deduplicator.isFirst("session.deleted", "s1")).isFalse();
    assertThat(deduplicator.isFirst("session.deleted", "s2")).isTrue();
  }

  @Test
  void createdAndDeletedAreTrackedSeparately() {
    assertThat(deduplicator.isFirst("session.created", "s1")).isTrue();
    assertThat(deduplicator.isFirst("session.deleted", "s1")).isTrue();
    assertThat(deduplicator.isFirst("session.deleted", "s1")).isFalse();
  }

  @Test
  void aSessionCreatedAgainAfterItsDeletionIsNewAgain() {
    deduplicator.isFirst("session.created", "s1");
    deduplicator.isFirst("session.deleted", "s1");

    assertThat(deduplicator.isFirst("session.created", "s1")).isTrue();
    assertThat(deduplicator.isFirst("session.created", "s1")).isFalse();
    assertThat(deduplicator.isFirst("session.deleted", "s1")).as("deleted again after a new create").isTrue();
  }

  @Test
  void updatedAndUnknownTypesAreNeverDeduplicated() {
    for (int i = 0; i < 3; i++) {
      assertThat(deduplicator.isFirst("session.updated", "s1")).isTrue();
      assertThat(deduplicator.isFirst("session.something_new", "s1")).isTrue();
    }
  }

  @Test
  void memoryIsBoundedSoTheOldestIdsAreForgotten() {
    int remembered = 4096;
    for (int i = 0; i <= remembered; i++) {
      assertThat(deduplicator.isFirst("session.created", "s" + i)).isTrue();
    }

    assertThat(deduplicator.isFirst("session.created", "s" + remembered)).as("recent: remembered").isFalse();
    assertThat(deduplicator.isFirst("session.created", "s0")).as("oldest: forgotten").isTrue();
  }
}
