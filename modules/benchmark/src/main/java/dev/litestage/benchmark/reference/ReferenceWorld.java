package dev.litestage.benchmark.reference;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A closed-book world: animals, the one food each eats, and the one place each food grows. Every
 * food is eaten by at least one animal and every place grows at least one food. Entity lists are
 * in alphabetical order, which is also the order in which recall texts list them.
 *
 * @param seed    the seed the world was generated from (informational for hand-built worlds)
 * @param animals the animals, distinct single lower-case words
 * @param foods   the foods, distinct plural nouns
 * @param places  the places
 * @param eats    each animal's food, in animal order
 * @param growsIn each food's place, in food order
 */
public record ReferenceWorld(long seed, List<String> animals, List<String> foods, List<String> places,
                             Map<String, String> eats, Map<String, String> growsIn) {

    private static final Pattern WORD = Pattern.compile("[a-z]+");

    public ReferenceWorld {
        animals = List.copyOf(animals);
        foods = List.copyOf(foods);
        places = List.copyOf(places);
        Set<String> words = new HashSet<>();
        for (List<String> group : List.of(animals, foods, places)) {
            for (String word : group) {
                if (!WORD.matcher(word).matches()) {
                    throw new IllegalArgumentException("entity '" + word + "' is not a single lower-case word");
                }
                if (!words.add(word)) {
                    throw new IllegalArgumentException("word '" + word + "' names two entities");
                }
            }
        }
        eats = ordered(animals, eats, foods, "animal", "food");
        growsIn = ordered(foods, growsIn, places, "food", "place");
        for (String food : foods) {
            if (!eats.containsValue(food)) {
                throw new IllegalArgumentException("no animal eats " + food);
            }
        }
        for (String place : places) {
            if (!growsIn.containsValue(place)) {
                throw new IllegalArgumentException("nothing grows in the " + place);
            }
        }
    }

    /**
     * A world of {@code size}, the same for the same seed: entities drawn from a fixed vocabulary,
     * foods dealt round-robin to places and animals round-robin to foods after seeded shuffles, so
     * each place grows {@code foods/places} foods and each food feeds {@code animals/foods}
     * animals, give or take one.
     */
    public static ReferenceWorld generate(long seed, WorldSize size) {
        Draws draws = new Draws(seed);
        List<String> animals = sorted(draws.sample(Vocabulary.ANIMALS, size.animals()));
        List<String> foods = sorted(draws.sample(Vocabulary.FOODS, size.foods()));
        List<String> places = sorted(draws.sample(Vocabulary.PLACES, size.places()));
        Map<String, String> growsIn = dealt(draws.shuffled(foods), draws.shuffled(places));
        Map<String, String> eats = dealt(draws.shuffled(animals), draws.shuffled(foods));
        return new ReferenceWorld(seed, animals, foods, places, eats, growsIn);
    }

    /** The food {@code animal} eats. */
    public String foodOf(String animal) {
        return require(eats, animal, "animal");
    }

    /** The place {@code food} grows in. */
    public String placeOf(String food) {
        return require(growsIn, food, "food");
    }

    /** The place the food of {@code animal} grows in. */
    public String foodPlaceOf(String animal) {
        return placeOf(foodOf(animal));
    }

    /** The animals that eat {@code food}, in alphabetical order. */
    public List<String> eatersOf(String food) {
        return animals.stream().filter(a -> eats.get(a).equals(food)).toList();
    }

    /** The foods that grow in {@code place}, in alphabetical order. */
    public List<String> foodsOf(String place) {
        return foods.stream().filter(f -> growsIn.get(f).equals(place)).toList();
    }

    /** Every fact: what each animal eats, then where each food grows. */
    public List<Fact> facts() {
        List<Fact> facts = new ArrayList<>();
        eats.forEach((animal, food) -> facts.add(new Fact.Eats(animal, food)));
        growsIn.forEach((food, place) -> facts.add(new Fact.GrowsIn(food, place)));
        return List.copyOf(facts);
    }

    private static List<String> sorted(List<String> words) {
        List<String> copy = new ArrayList<>(words);
        Collections.sort(copy);
        return List.copyOf(copy);
    }

    /** Deals {@code items} to {@code targets} in turn: every target gets one before any gets two. */
    private static Map<String, String> dealt(List<String> items, List<String> targets) {
        Map<String, String> assignment = new LinkedHashMap<>();
        for (int i = 0; i < items.size(); i++) {
            assignment.put(items.get(i), targets.get(i % targets.size()));
        }
        return assignment;
    }

    private static Map<String, String> ordered(List<String> keys, Map<String, String> map, List<String> values,
                                               String keyKind, String valueKind) {
        if (!map.keySet().equals(new HashSet<>(keys))) {
            throw new IllegalArgumentException("every " + keyKind + " needs exactly one " + valueKind
                    + "; " + keyKind + "s " + keys + " but mapped " + map.keySet());
        }
        Map<String, String> copy = new LinkedHashMap<>();
        for (String key : keys) {
            String value = map.get(key);
            if (!values.contains(value)) {
                throw new IllegalArgumentException(keyKind + " " + key + " maps to unknown " + valueKind + " '" + value + "'");
            }
            copy.put(key, value);
        }
        return Collections.unmodifiableMap(copy);
    }

    private static String require(Map<String, String> map, String key, String kind) {
        String value = map.get(key);
        if (value == null) {
            throw new IllegalArgumentException("unknown " + kind + " '" + key + "'");
        }
        return value;
    }
}
