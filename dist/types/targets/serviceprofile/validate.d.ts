export interface ProfileProblem {
    /** JSON pointer into the profile object. */
    pointer: string;
    message: string;
}
export declare function validateProfile(profile: unknown): ProfileProblem[];
