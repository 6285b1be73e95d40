package dev.litestage.benchmark.reference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReferenceWorldTest {

    @Test
    void sameSeedSameWorldOtherSeedOtherWorld() {
        ReferenceWorld world = ReferenceWorld.generate(3, WorldSize.DEFAULT);

        assertEquals(world, ReferenceWorld.generate(3, WorldSize.DEFAULT));
        assertNotEquals(world.eats(), ReferenceWorld.generate(4, WorldSize.DEFAULT).eats());
    }

    @Test
    void defaultWorldHasTheRequestedSizeAndEveryEntityIsUsed() {
        ReferenceWorld world = ReferenceWorld.generate(3, WorldSize.DEFAULT);

        assertEquals(32, world.animals().size());
        assertEquals(10, world.foods().size());
        assertEquals(6, world.places().size());
        Set<String> words = new HashSet<>();
        for (List<String> group : List.of(world.animals(), world.foods(), world.places())) {
            assertEquals(group.stream().sorted().toList(), group);
            group.forEach(w -> assertTrue(w.matches("[a-z]+") && words.add(w), w));
        }
        // Dealt round-robin: 32 animals over 10 foods gives 3 or 4 eaters, 10 foods over 6 places 1 or 2 foods.
        for (String food : world.foods()) {
            int eaters = world.eatersOf(food).size();
            assertTrue(eaters == 3 || eaters == 4, food + " has " + eaters + " eaters");
        }
        for (String place : world.places()) {
            int foods = world.foodsOf(place).size();
            assertTrue(foods == 1 || foods == 2, place + " grows " + foods + " foods");
        }
        assertEquals(42, world.facts().size());
        assertTrue(world.facts().contains(new Fact.Eats(world.animals().get(0), world.foodOf(world.animals().get(0)))));
    }

    @Test
    void factSentencesAreShortAndRegular() {
        assertEquals("the fox eats reeds.", new Fact.Eats("fox", "reeds").sentence());
        assertEquals("reeds grow in the swamp.", new Fact.GrowsIn("reeds", "swamp").sentence());
    }

    @Test
    void handBuiltWorldsAreValidated() {
        List<String> animals = List.of("fox", "owl");
        List<String> foods = List.of("reeds", "nuts");
        List<String> places = List.of("swamp", "forest");
        Map<String, String> grows = Map.of("reeds", "swamp", "nuts", "forest");

        assertThrows(IllegalArgumentException.class, () -> new ReferenceWorld(0, animals, foods, places,
                Map.of("fox", "reeds", "owl", "reeds"), grows), "nobody eats nuts");
        assertThrows(IllegalArgumentException.class, () -> new ReferenceWorld(0, animals, foods, places,
                Map.of("fox", "reeds"), grows), "the owl eats nothing");
        assertThrows(IllegalArgumentException.class, () -> new ReferenceWorld(0, animals, foods, places,
                Map.of("fox", "reeds", "owl", "nuts"), Map.of("reeds", "swamp", "nuts", "swamp")), "nothing grows in the forest");
        assertThrows(IllegalArgumentException.class, () -> new ReferenceWorld(0, List.of("fox", "Owl"), foods, places,
                Map.of("fox", "reeds", "Owl", "nuts"), grows), "not lower case");
        assertThrows(IllegalArgumentException.class, () -> new ReferenceWorld(0, List.of("fox", "swamp"), foods, places,
                Map.of("fox", "reeds", "swamp", "nuts"), grows), "one word, two roles");
    }

    @Test
    void sizesAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> new WorldSize(32, 10, 11));
        assertThrows(IllegalArgumentException.class, () -> new WorldSize(8, 10, 6));
        assertThrows(IllegalArgumentException.class, () -> new WorldSize(500, 10, 6));
    }
}
