/** The inference worker: frame windows in, motion events out, exactly once. */
package io.camreasoner.worker;
