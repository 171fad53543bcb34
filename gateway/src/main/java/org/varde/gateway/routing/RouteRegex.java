package org.varde.gateway.routing;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Compiles a regular expression from the route config with RE2/J, within bounds. RE2 matches in time
 * linear in the input, but its compiled program grows with nested counted repetitions:
 * {@code ((a{1000}){1000}){1000}} would need a billion instructions and exhausts the heap while
 * compiling. RE2 (C++) refuses a repetition nest above 1000; RE2/J does not, so that check is made
 * here on the text before it is compiled, and the compiled program is bounded as well.
 */
final class RouteRegex {
    static final int MAX_PATTERN_CHARS = 1024;
    // RE2's own limit (re2/parse.cc, kMaxRepeat and its nested-repeat check)
    static final int MAX_REPEAT = 1000;
    // a route pattern is a few words with alternatives; anything near this is not one
    static final int MAX_PROGRAM = 10_000;

    private RouteRegex() {
    }

    /** @throws IllegalArgumentException saying what is wrong, in words for the config's author */
    static Pattern compile(String text) {
        if (text.length() > MAX_PATTERN_CHARS) {
            throw new IllegalArgumentException("too long: " + text.length() + " characters, at most "
                    + MAX_PATTERN_CHARS);
        }
        long repeat = nestedRepeat(text);
        if (repeat > MAX_REPEAT) {
            throw new IllegalArgumentException("nested counted repetitions multiply to " + repeat + ", at most "
                    + MAX_REPEAT + " are allowed");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(text);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("not a valid RE2 regular expression: " + e.getDescription());
        }
        if (pattern.programSize() > MAX_PROGRAM) {
            throw new IllegalArgumentException("too large: it compiles to " + pattern.programSize()
                    + " instructions, at most " + MAX_PROGRAM);
        }
        return pattern;
    }

    /**
     * The largest product of counted repetitions ({@code {n}}, {@code {n,}}, {@code {n,m}}) along one
     * nesting of groups. Escapes and character classes are skipped; the syntax itself is RE2's to judge.
     */
    static long nestedRepeat(String text) {
        Deque<long[]> groups = new ArrayDeque<>();
        groups.push(new long[]{1});
        long atom = 1;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '\\') {
                atom = 1;
                i += 2;
            } else if (c == '[') {
                atom = 1;
                i = afterClass(text, i);
            } else if (c == '(') {
                groups.push(new long[]{1});
                atom = 1;
                i++;
            } else if (c == ')' && groups.size() > 1) {
                atom = groups.pop()[0];
                i++;
            } else if (c == '{' && count(text, i) >= 0) {
                long product = Math.min(atom * Math.max(1, count(text, i)), Integer.MAX_VALUE);
                groups.peek()[0] = Math.max(groups.peek()[0], product);
                atom = product;
                i = text.indexOf('}', i) + 1;
            } else {
                // a group just closed still counts as a whole in its parent
                groups.peek()[0] = Math.max(groups.peek()[0], atom);
                atom = 1;
                i++;
            }
        }
        groups.peek()[0] = Math.max(groups.peek()[0], atom);
        long deepest = 1;
        for (long[] group : groups) {
            deepest = Math.max(deepest, group[0]);
        }
        return deepest;
    }

    /** The largest count of a repetition {@code {n}}, {@code {n,}} or {@code {n,m}} at {@code i}; -1 if none is there. */
    private static long count(String text, int i) {
        int end = text.indexOf('}', i);
        if (end < 0 || end - i > 24) {
            return -1;
        }
        String body = text.substring(i + 1, end);
        if (!body.matches("[0-9]{1,9}(,[0-9]{0,9})?")) {
            return -1;
        }
        String[] parts = body.split(",", -1);
        long n = Long.parseLong(parts[0]);
        return parts.length == 2 && !parts[1].isEmpty() ? Math.max(n, Long.parseLong(parts[1])) : n;
    }

    /** The index after the character class opening at {@code i} ({@code []a]} holds a {@code ]}). */
    private static int afterClass(String text, int i) {
        int j = i + 1;
        if (j < text.length() && text.charAt(j) == '^') {
            j++;
        }
        if (j < text.length() && text.charAt(j) == ']') {
            j++;
        }
        while (j < text.length() && text.charAt(j) != ']') {
            j += text.charAt(j) == '\\' ? 2 : 1;
        }
        return j + 1;
    }
}
