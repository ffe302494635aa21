// Types for bench/cpuprofile.mjs, for the tests that import it.
export interface CpuProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  children?: number[];
}
export interface CpuProfile {
  nodes: CpuProfileNode[];
  samples: number[];
  timeDeltas: number[];
}
export interface ProfileSummary {
  total: number;
  modules: [string, number][];
  selfFunctions: [string, number][];
  inclusiveFunctions: [string, number][];
}
export function bundleModules(bundleText: string): { line: number; module: string }[];
export function summarizeProfile(profile: CpuProfile, bundleFile?: string): ProfileSummary;
export function formatProfile(summary: ProfileSummary): string;
