import type { VerifyReport } from "./verify.js";
export type VerifyFormat = "text" | "markdown" | "json";
export declare function renderVerifyText(r: VerifyReport): string;
export declare function renderVerifyMarkdown(r: VerifyReport): string;
export declare function renderVerifyJson(r: VerifyReport): string;
export declare function renderVerify(r: VerifyReport, format: VerifyFormat): string;
