/**
 * Path templates in a trie of segment patterns, one per method and segment
 * count (a parameter never matches `/`, so nothing else can meet). It answers
 * "which templates can match a request this template matches" by walking
 * only the branches whose segments still meet: a literal segment goes to its
 * own literal child in one lookup, and only children with parameters are
 * tried one by one. Used for overlap groups (overlap.ts) and by the
 * shadowing lint, which asks whether any earlier route takes a request.
 */
import { type Segment } from "./template-paths.js";
export declare class TemplateTrie {
    private readonly roots;
    private last;
    /** Adds a template under an id; ids must come in ascending order. */
    add(id: number, method: string, segments: readonly Segment[]): void;
    /**
     * Calls `visit` with each id below `limit` whose template meets `segments`
     * in every segment; a `visit` that returns true stops the walk. Subtrees
     * holding only ids at or above the limit are skipped.
     */
    private walk;
    /** Ids below `limit` of the templates that can match a request `segments` matches, ascending. */
    meeting(method: string, segments: readonly Segment[], limit?: number): number[];
    /** Whether any template with an id below `limit` can match a request `segments` matches. */
    anyMeeting(method: string, segments: readonly Segment[], limit: number): boolean;
}
