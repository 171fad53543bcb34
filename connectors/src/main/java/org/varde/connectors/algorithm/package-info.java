/**
 * Algorithm adapters: one small interface ({@link org.varde.connectors.algorithm.AlgorithmAdapter})
 * and one implementation per protocol a vendor may speak. An adapter only delivers; retries,
 * concurrency limits and circuit breaking belong to the gateway's dispatcher.
 */
package org.varde.connectors.algorithm;
