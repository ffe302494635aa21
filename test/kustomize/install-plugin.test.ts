/** Where kustomize looks for the exec plugin, and the script we put there. */
import { execFileSync } from "node:child_process";
import { readFileSync, statSync, writeFileSync, mkdirSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { testTempDir } from "../helpers/tempdir.js";
import { defaultPluginHome, installPlugin, pluginExecutablePath, shellQuote, shimScript } from "../../src/kustomize/install-plugin.js";

describe("plugin location", () => {
  it("follows kustomize's order: KUSTOMIZE_PLUGIN_HOME, then XDG_CONFIG_HOME, then ~/.config", () => {
    expect(defaultPluginHome({ KUSTOMIZE_PLUGIN_HOME: "/p", XDG_CONFIG_HOME: "/x", HOME: "/h" })).toBe("/p");
    expect(defaultPluginHome({ XDG_CONFIG_HOME: "/x", HOME: "/h" })).toBe("/x/kustomize/plugin");
    expect(defaultPluginHome({ HOME: "/h" })).toBe("/h/.config/kustomize/plugin");
    expect(() => defaultPluginHome({})).toThrow(/pass --dir/);
  });

  it("is <home>/<group>/<version>/<lowercase kind>/<Kind>", () => {
    expect(pluginExecutablePath("/x/kustomize/plugin")).toBe("/x/kustomize/plugin/serviceprofile-sync.io/v1alpha1/serviceprofilegenerator/ServiceProfileGenerator");
  });
});

describe("shim script", () => {
  it("quotes paths for the shell", () => {
    expect(shellQuote("/usr/bin/node")).toBe("/usr/bin/node");
    expect(shellQuote("/opt/my tools/it's.js")).toBe(`'/opt/my tools/it'\\''s.js'`);
  });

  it("runs 'kustomize plugin' with arguments and 'kustomize fn' without, through the pinned node and CLI", () => {
    const dir = testTempDir("sps-shim-");
    // A stand-in CLI that echoes its arguments and stdin, so the dispatch is observable.
    const cli = path.join(dir, "fake cli.mjs");
    writeFileSync(cli, "let s='';process.stdin.on('data',d=>s+=d).on('end',()=>console.log(JSON.stringify([process.argv.slice(2), s])));\n");
    const shim = path.join(dir, "shim");
    writeFileSync(shim, shimScript({ kind: "pinned", node: process.execPath, cli }), { mode: 0o755 });
    expect(JSON.parse(execFileSync(shim, ["/tmp/kust-plugin-config-1"], { input: "", encoding: "utf8" }))).toEqual([["kustomize", "plugin", "/tmp/kust-plugin-config-1"], ""]);
    expect(JSON.parse(execFileSync(shim, [], { input: "kind: ResourceList", encoding: "utf8" }))).toEqual([["kustomize", "fn"], "kind: ResourceList"]);
  });

  it("can run a command from PATH instead", () => {
    const script = shimScript({ kind: "command", command: "serviceprofile-sync" });
    expect(script).toContain('exec serviceprofile-sync kustomize plugin "$@"');
    expect(script).toContain("exec serviceprofile-sync kustomize fn");
  });
});

describe("installPlugin", () => {
  it("writes an executable file, replaces its own, and refuses someone else's without force", async () => {
    const home = testTempDir("sps-home-");
    const file = pluginExecutablePath(home);
    const first = await installPlugin(file, { kind: "command", command: "a" });
    expect(first).toEqual({ path: file, replaced: false });
    expect(statSync(file).mode & 0o777).toBe(0o755);
    const second = await installPlugin(file, { kind: "command", command: "b" });
    expect(second.replaced).toBe(true);
    expect(readFileSync(file, "utf8")).toContain("exec b kustomize");

    const other = path.join(home, "other", "Plugin");
    mkdirSync(path.dirname(other), { recursive: true });
    writeFileSync(other, "#!/bin/sh\necho mine\n", { mode: 0o755 });
    await expect(installPlugin(other, { kind: "command", command: "a" })).rejects.toThrow(/was not written by serviceprofile-sync; remove it or pass --force/);
    expect(readFileSync(other, "utf8")).toBe("#!/bin/sh\necho mine\n");
    await installPlugin(other, { kind: "command", command: "a" }, true);
    expect(readFileSync(other, "utf8")).toContain("exec a kustomize");
  });
});
