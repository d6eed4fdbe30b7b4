package io.camreasoner.platform.testing;

import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.awaitility.Awaitility;

/** Granting ACLs in tests. */
public final class Acls {
  private Acls() {}

  /**
   * Creates ACLs and waits until the broker applies them: the controller answers once they are
   * committed, the broker's authorizer learns of them a moment later, and a client that acts at
   * once may still be refused.
   */
  public static void grant(Admin admin, List<AclBinding> bindings) throws Exception {
    admin.createAcls(bindings).all().get();
    Awaitility.await("ACLs applied by the broker")
        .atMost(Duration.ofSeconds(30))
        .until(() -> admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(bindings));
  }
}
