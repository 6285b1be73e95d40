package dev.litestage.benchmark.reference;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Draws questions that were not drawn before (by {@link QuestionKey}) from a world: an answer
 * animal, three distractors that do not answer the question, the answer at a given position.
 */
final class QuestionDrawer {

    /** Options per question. */
    static final int OPTIONS = 4;

    /** Redraws before concluding that the world has run out of new questions. */
    private static final int MAX_TRIES = 2000;

    private final ReferenceWorld world;
    private final Draws draws;
    private final QuestionComposer composer;
    private final Set<QuestionKey> drawn = new HashSet<>();
    /** Per level and subject, the animals that answer its questions wrongly. */
    private final Map<Level, Map<String, List<String>>> distractors = new EnumMap<>(Level.class);

    /**
     * @throws IllegalArgumentException when some question subject has fewer than three animals that
     *                                  do not answer it, so its questions cannot have four options
     */
    QuestionDrawer(ReferenceWorld world, Draws draws) {
        this.world = world;
        this.draws = draws;
        this.composer = new QuestionComposer(world);
        for (Level level : Level.values()) {
            Map<String, List<String>> pools = new HashMap<>();
            distractors.put(level, pools);
            for (String animal : world.animals()) {
                String subject = composer.subjectFor(level, animal);
                List<String> pool = world.animals().stream().filter(a -> !composer.answers(level, subject, a)).toList();
                pools.put(subject, pool);
                int wrong = pool.size();
                if (wrong < OPTIONS - 1) {
                    throw new IllegalArgumentException("the world is too small for " + level.id() + " questions about "
                            + subject + ": only " + wrong + " animals answer them wrongly, " + (OPTIONS - 1)
                            + " distractors are needed");
                }
            }
        }
    }

    /**
     * A new question.
     *
     * @param answer   the answer animal, or null to draw one
     * @param position the answer's option index (0 for A)
     * @throws IllegalArgumentException when no new question turns up: the world is too small for
     *                                  the number of questions asked for
     */
    ReferenceQuestion draw(String id, Level level, String answer, int position) {
        for (int attempt = 0; attempt < MAX_TRIES; attempt++) {
            String correct = answer != null ? answer : draws.pick(world.animals());
            String subject = composer.subjectFor(level, correct);
            List<String> options = new ArrayList<>(draws.sample(distractors.get(level).get(subject), OPTIONS - 1));
            options.add(position, correct);
            ReferenceQuestion question = composer.compose(id, level, subject, options);
            if (drawn.add(question.key())) {
                return question;
            }
        }
        throw new IllegalArgumentException("no new " + level.id() + " question turned up in " + MAX_TRIES
                + " draws (" + drawn.size() + " drawn so far): the world is too small for this many questions");
    }
}
