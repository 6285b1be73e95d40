package dev.litestage.benchmark.reference;

import java.util.List;

/**
 * The words a world draws its entities from: single lower-case words, no word in two lists, every
 * food a plural noun (so "grow" always agrees). Keeping the vocabulary small and regular is what
 * lets a word-level model of a few hundred thousand parameters learn the benchmark.
 */
final class Vocabulary {

    static final List<String> ANIMALS = List.of(
            "ant", "ape", "bat", "bear", "bee", "boar", "cat", "cow", "crab", "crow", "deer", "dog", "duck",
            "eel", "elk", "emu", "fox", "frog", "goat", "goose", "hare", "hawk", "hen", "horse", "lamb", "lark",
            "lion", "lynx", "mole", "moose", "moth", "mouse", "mule", "newt", "otter", "owl", "ox", "pig", "rat",
            "seal", "sheep", "slug", "snail", "swan", "tiger", "toad", "vole", "wolf", "wren", "yak", "zebra");

    static final List<String> FOODS = List.of(
            "acorns", "apples", "beans", "berries", "carrots", "cherries", "dates", "ferns", "figs", "grapes",
            "leaves", "lemons", "melons", "mushrooms", "nuts", "oats", "olives", "pears", "peas", "plums",
            "reeds", "roots", "seeds", "turnips");

    static final List<String> PLACES = List.of(
            "desert", "field", "forest", "garden", "hills", "island", "jungle", "lake", "marsh", "meadow",
            "mountains", "orchard", "prairie", "river", "swamp", "valley");

    private Vocabulary() {
    }
}
