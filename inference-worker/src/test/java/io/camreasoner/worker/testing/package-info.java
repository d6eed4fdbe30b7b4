/** Test fixtures shared by the worker's tests: synthetic frame windows. */
package io.camreasoner.worker.testing;
