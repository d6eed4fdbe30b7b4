/** The camreasoner launcher: picocli subcommands over every service. */
package io.camreasoner.app;
