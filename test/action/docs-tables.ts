/** The inputs/outputs tables of docs/action.md, as they must read given action.yml. */
import { actionYaml } from "./harness.js";

function cell(text: string): string {
  return text.replace(/\s+/g, " ").trim().replace(/\|/g, "\\|");
}

export function inputsTable(): string {
  const rows = Object.entries(actionYaml().inputs).map(([name, spec]) => {
    const def = spec.default === undefined || spec.default === "" ? "none" : `\`${spec.default}\``;
    return `| \`${name}\` | ${def} | ${cell(spec.description)} |`;
  });
  return ["| Input | Default | Description |", "|---|---|---|", ...rows].join("\n");
}

export function outputsTable(): string {
  const rows = Object.entries(actionYaml().outputs).map(([name, spec]) => `| \`${name}\` | ${cell(spec.description)} |`);
  return ["| Output | Description |", "|---|---|", ...rows].join("\n");
}
