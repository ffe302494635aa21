/**
 * Plan vs. what is committed in the manifests directory: which files to
 * create, update or delete, which the tool must not touch, and which were
 * edited by hand. Pure; `sync` applies the result, `check` and `diff` report it.
 */
import type { Diagnostic } from "../model/diagnostic.js";
import type { Plan } from "./plan.js";
export type ChangeAction = "create" | "update" | "delete";
export interface FileChange {
    path: string;
    action: ChangeAction;
    /** Current text (update, delete). */
    before?: string;
    /** Desired text (create, update). */
    after?: string;
    /** The current file is ours but its body no longer matches what we wrote. */
    handEdited?: boolean;
}
/** A file in the manifests directory: its text, or null when it is no regular readable file (a symlink, say). */
export type ExistingFiles = Map<string, string | null>;
export interface Assessment {
    /** Files to change, by path. */
    changes: FileChange[];
    /** Planned files left as they are. */
    unchanged: string[];
    /** Files the plan would overwrite but the tool does not own: nothing may be written. */
    refused: Diagnostic[];
    /** Generated files edited by hand (they are also in `changes`). */
    handEdited: string[];
    /** Files in the manifests directory the tool does not own and leaves alone. */
    foreign: string[];
}
export declare function assessChanges(plan: Plan, existing: ExistingFiles): Assessment;
/** Our file, but its body is not what we wrote (the fingerprint line records a hash of it). */
export declare function isHandEdited(text: string): boolean;
export declare const HAND_EDIT_HINT = "generated files are overwritten on every sync: put the change into the service's routes: (or defaults:) overrides in the config, where it survives regeneration";
