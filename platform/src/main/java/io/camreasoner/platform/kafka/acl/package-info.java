/**
 * What each service may do on a secured Kafka cluster: the ACLs it needs, declared next to its
 * configuration ({@link io.camreasoner.platform.kafka.acl.AclRequirement}), rendered as {@code
 * kafka-acls} commands for operators, and checked at start-up ({@link
 * io.camreasoner.platform.kafka.acl.KafkaAccessCheck}) so that a missing ACL or a wrong password
 * stops a service with one line naming what was refused instead of retries without end.
 */
package io.camreasoner.platform.kafka.acl;
