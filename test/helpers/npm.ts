/** npm as a user runs it: not the settings of an `npm test` around us (global, prefix, workspaces). */
export function npmEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, ...extra };
  for (const key of Object.keys(env)) if (/^npm_config_(global|prefix|workspaces?|include_workspace_root|location)$/i.test(key)) delete env[key];
  delete env.KUSTOMIZE_PLUGIN_HOME;
  return env;
}
