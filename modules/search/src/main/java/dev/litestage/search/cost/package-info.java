/** A calibrated per-sublayer latency model for deterministic searches. */
package dev.litestage.search.cost;
