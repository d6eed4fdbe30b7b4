/**
 * Camera-motion reasoning: frames in, labels, cues and Observation-Thinking-Answer text out. Knows
 * nothing of Kafka.
 */
package io.camreasoner.reasoner;
