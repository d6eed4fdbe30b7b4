/**
 * Operations endpoints every service serves: {@code /health} (per-component checks, 200 or 503 with
 * a JSON body) and {@code /metrics} (Prometheus text from Micrometer), on a configurable address
 * and port.
 */
package io.camreasoner.platform.ops;
