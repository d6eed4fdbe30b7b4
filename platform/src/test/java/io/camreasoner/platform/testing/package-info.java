/** Test helpers shared by every module's integration tests (published in platform's test-jar). */
package io.camreasoner.platform.testing;
