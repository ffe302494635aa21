import { type Segment } from "./template-paths.js";
/** A segment's own regex: its literal runs quoted, a parameter `[^/]*`. */
export declare function segmentRegex(seg: Segment): string;
/**
 * The regex (unanchored body, no top-level `|`) of the paths `a` matches and
 * none of `minus` does; every template in `minus` must have a's segment count.
 * Undefined when no path is left, when a shape is not handled (above), or when
 * the regex would be longer than `budget` characters.
 */
export declare function templateDifference(a: readonly Segment[], minus: readonly (readonly Segment[])[], budget: number): string | undefined;
