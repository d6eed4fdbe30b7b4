/** The embedded platform and service kit every service stands on. */
package io.camreasoner.platform;
