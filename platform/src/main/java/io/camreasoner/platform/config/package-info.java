/**
 * Configuration declared once: every option is one {@link io.camreasoner.platform.config.Setting}
 * (name, type, default, documentation, validation), grouped per service in a {@link
 * io.camreasoner.platform.config.SettingGroup}, which parses values from the command line, the
 * environment and property maps, reports every bad option at once, and renders the {@code --help}
 * text and the README's Markdown table from the same declarations.
 */
package io.camreasoner.platform.config;
