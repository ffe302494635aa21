export declare const MAX_NAME = 253;
/** Lower case letters and digits, everything else one `-`. */
export declare function slug(text: string): string;
/** `books-get-books-id` for `GET /books/{id}`; `voting-svc-votingservice-voteburger` for an rpc. */
export declare function readableName(service: string, routeKey: string): string;
/** The name of the catch-all route: reads as the default route in metrics. */
export declare function defaultRouteName(service: string): string;
/**
 * Final names for a set of objects, each given as its readable base and the
 * key it stands for (the route name). Bases shared by two keys, or longer
 * than 253 characters, get the hash of their key; so do names that would
 * then meet a reserved one (the catch-all).
 */
export declare function assignNames(items: readonly {
    base: string;
    key: string;
}[], reserved?: ReadonlySet<string>): string[];
