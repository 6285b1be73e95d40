package dev.litestage.benchmark.reference;

/**
 * How many entities a {@link ReferenceWorld} has.
 *
 * @param animals number of animals (each eats one food)
 * @param foods   number of foods (each grows in one place; each is eaten by at least one animal)
 * @param places  number of places (each grows at least one food)
 */
public record WorldSize(int animals, int foods, int places) {

    /** 32 animals, 10 foods, 6 places: small enough for a tiny model to memorize every fact. */
    public static final WorldSize DEFAULT = new WorldSize(32, 10, 6);

    public WorldSize {
        if (places < 2) {
            throw new IllegalArgumentException("a world needs at least 2 places, was " + places);
        }
        if (foods < places) {
            throw new IllegalArgumentException("every place grows a food, so foods (" + foods
                    + ") must be at least places (" + places + ")");
        }
        if (animals < foods) {
            throw new IllegalArgumentException("every food is eaten, so animals (" + animals
                    + ") must be at least foods (" + foods + ")");
        }
        check("animals", animals, Vocabulary.ANIMALS.size());
        check("foods", foods, Vocabulary.FOODS.size());
        check("places", places, Vocabulary.PLACES.size());
    }

    private static void check(String what, int count, int available) {
        if (count > available) {
            throw new IllegalArgumentException("at most " + available + " " + what + " are available, asked for " + count);
        }
    }
}
