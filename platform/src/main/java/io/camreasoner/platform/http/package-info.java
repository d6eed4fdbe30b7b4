/**
 * Access to the services' own HTTP APIs (the aggregator's query API and dashboard, {@code up}'s
 * control API): open on loopback by default, a bearer token or basic-auth credentials required once
 * configured ({@link io.camreasoner.platform.http.HttpAccess}).
 */
package io.camreasoner.platform.http;
