package dev.litestage.benchmark.reference;

import java.util.Objects;

/** One fact of a {@link ReferenceWorld}, with the sentence that states it in training text. */
public sealed interface Fact {

    /** The fact as a training sentence, e.g. {@code the fox eats reeds.} */
    String sentence();

    /**
     * An animal's food.
     *
     * @param animal the animal, e.g. {@code fox}
     * @param food   what it eats (a plural noun), e.g. {@code reeds}
     */
    record Eats(String animal, String food) implements Fact {
        public Eats {
            Objects.requireNonNull(animal, "animal");
            Objects.requireNonNull(food, "food");
        }

        /** {@code the fox eats reeds.} */
        @Override
        public String sentence() {
            return "the " + animal + " eats " + food + ".";
        }
    }

    /**
     * Where a food grows.
     *
     * @param food  the food (a plural noun), e.g. {@code reeds}
     * @param place where it grows, e.g. {@code swamp}
     */
    record GrowsIn(String food, String place) implements Fact {
        public GrowsIn {
            Objects.requireNonNull(food, "food");
            Objects.requireNonNull(place, "place");
        }

        /** {@code reeds grow in the swamp.} (foods are plural nouns) */
        @Override
        public String sentence() {
            return food + " grow in the " + place + ".";
        }
    }
}
