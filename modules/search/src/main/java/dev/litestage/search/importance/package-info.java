/** Sublayer importance: input/output cosine similarity per stage, its rankings and its CSV table. */
package dev.litestage.search.importance;
