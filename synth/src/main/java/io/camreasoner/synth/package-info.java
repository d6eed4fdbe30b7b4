/** Synthetic ground truth: clips rendered with known camera motion and their labels. */
package io.camreasoner.synth;
