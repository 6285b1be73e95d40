package dev.litestage.tracking;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What MLflow accepts as keys and values, and how caller input is made to fit deliberately rather
 * than by an HTTP 400 from a server.
 *
 * <ul>
 *   <li>Keys of params, metrics and tags may only contain ASCII letters, digits, {@code _ - . /}
 *       and spaces; every other character becomes {@code _}. A key is also a relative file path in
 *       the file store, so empty segments ({@code a//b}, leading or trailing {@code /}) are dropped
 *       and the segments {@code .} and {@code ..} become {@code _} and {@code __}. Keys longer than
 *       250 characters are cut and end in a hash of the original, so distinct long keys stay
 *       distinct.</li>
 *   <li>Param values are cut to 6000 characters (MLflow 2.17's limit), tag values to 5000 (the
 *       lowest limit among MLflow 2.x servers; 2.17 takes 8000), each ending in a marker that says
 *       how long the value was and where the full value was kept.</li>
 * </ul>
 */
public final class MlflowNames {

    /** Longest key MLflow accepts for a param, metric or tag. */
    public static final int MAX_KEY_LENGTH = 250;
    /** Longest param value MLflow 2.17 accepts. */
    public static final int MAX_PARAM_VALUE_LENGTH = 6000;
    /** Longest tag value kept; also MLflow's limit for experiment tags. */
    public static final int MAX_TAG_VALUE_LENGTH = 5000;

    private MlflowNames() {
    }

    /** Whether {@code key} is accepted by MLflow unchanged. */
    public static boolean isValidKey(String key) {
        return key != null && !key.isEmpty() && key.equals(key(key));
    }

    /**
     * The MLflow-valid form of {@code raw}: the key itself when it is already valid.
     *
     * @throws IllegalArgumentException when {@code raw} is null or empty
     */
    public static String key(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw new IllegalArgumentException("an MLflow key must not be " + (raw == null ? "null" : "empty"));
        }
        StringBuilder chars = new StringBuilder(raw.length());
        raw.codePoints().forEach(c -> chars.append(isAllowed(c) ? (char) c : '_'));
        List<String> segments = new ArrayList<>();
        for (String segment : chars.toString().split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            segments.add(segment.equals(".") ? "_" : segment.equals("..") ? "__" : segment);
        }
        String key = segments.isEmpty() ? "_" : String.join("/", segments);
        if (key.length() > MAX_KEY_LENGTH) {
            String hash = String.format(Locale.ROOT, "%08x", raw.hashCode());
            // segments are already normalised, so appending "_<hash>" cannot create an empty or dot segment
            key = key.substring(0, MAX_KEY_LENGTH - hash.length() - 1) + "_" + hash;
        }
        return key;
    }

    private static boolean isAllowed(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || c == '_' || c == '-' || c == '.' || c == ' ' || c == '/';
    }

    /**
     * {@code value} cut to at most {@code maxLength} characters, ending in a marker that names the
     * original length and {@code whereKept}; the value itself when it fits.
     *
     * @param whereKept where the full value can be found, e.g. {@code artifact litestage/...txt}
     */
    public static String truncate(String value, int maxLength, String whereKept) {
        if (value.length() <= maxLength) {
            return value;
        }
        String marker = "...[truncated from " + value.length() + " chars; full value in " + whereKept + "]";
        int cut = Math.max(0, maxLength - marker.length());
        if (cut > 0 && Character.isHighSurrogate(value.charAt(cut - 1))) {
            cut--; // never split a surrogate pair: the server counts code points and would see garbage
        }
        String truncated = value.substring(0, cut) + marker;
        return truncated.length() <= maxLength ? truncated : truncated.substring(0, maxLength);
    }
}
