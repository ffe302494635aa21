/**
 * Regular expressions as automata, to decide questions about every possible
 * path rather than the recorded ones: "does route A match every request
 * route B matches?" (shadowing). Exact for the RE2 subset profiles use:
 * literals and escapes, `.`, classes (`[^/]`, ranges, `\d\w\s` and their
 * negations, Unicode as in the proxy's regex crate), groups (capturing, `(?:`, named), `|`, `* + ?` and counted
 * repetition, `^`/`$`/`\A`/`\z`. Anything else (flags, `\b`, Unicode
 * classes) makes the parse return undefined and the question "unknown".
 *
 * Characters are handled through atoms: the code point intervals on which
 * every character set involved in one question agrees, so that a small
 * alphabet stands for all of Unicode.
 */
/** Sorted, disjoint, inclusive code point ranges. */
export type CharSet = [number, number][];
type Node = {
    t: "set";
    set: CharSet;
} | {
    t: "cat";
    parts: Node[];
} | {
    t: "alt";
    parts: Node[];
} | {
    t: "rep";
    node: Node;
    min: number;
    max: number;
} | {
    t: "bol";
} | {
    t: "eol";
};
export declare function parseRegex(src: string): Node | undefined;
type Edge = {
    k: "set";
    set: CharSet;
    to: number;
    atoms?: Uint8Array;
} | {
    k: "eps" | "bol" | "eol";
    to: number;
};
export interface Nfa {
    edges: Edge[][];
    start: number;
    final: number;
}
/**
 * The set of strings a regex finds a match in (search semantics, like the
 * proxy's `is_match`): the regex between two "any character" loops.
 */
export declare function searchNfa(regex: string): Nfa | undefined;
/** Splits the code point space where any of the sets starts or ends. */
export declare function atomsFor(sets: CharSet[]): [number, number][];
export declare function charSetsOf(nfa: Nfa): CharSet[];
export declare class LazyDfa {
    private readonly nfa;
    private readonly atomCount;
    private readonly keys;
    private readonly sets;
    private readonly next;
    private readonly accepting;
    constructor(nfa: Nfa, atoms: [number, number][]);
    private closure;
    private intern;
    initial(): number;
    step(state: number, atom: number): number;
    accepts(state: number): boolean;
    get size(): number;
}
/**
 * Breadth-first search of the product of DFAs for a reachable state where
 * `bad` holds (given which DFAs accept). "found" / "none", or "unknown" when
 * more than `maxStates` product states would be needed.
 */
export declare function searchProduct(dfas: LazyDfa[], atomCount: number, bad: (accepting: boolean[]) => boolean, maxStates?: number): "found" | "none" | "unknown";
/**
 * searchProduct that also returns, when found, the shortest atom sequence
 * reaching a bad state: the witness string, one atom per character.
 */
export declare function searchProductWitness(dfas: LazyDfa[], atomCount: number, bad: (accepting: boolean[]) => boolean, maxStates?: number): {
    result: "found" | "none" | "unknown";
    atoms?: number[];
};
/** A readable character of an atom: a letter or digit when it has one, else its first code point. */
export declare function atomChar(atom: [number, number]): string;
export {};
