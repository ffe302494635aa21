/**
 * Every link in the user docs resolves: a relative link names a file of the
 * repository (never one outside it, such as ../shared/), an anchor names a
 * heading of its page the way GitHub slugs it, and anything else is a public
 * http(s) URL.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO_ROOT } from "../helpers/runtimes.js";
import { docPages, headingSlugs, markdownLinks } from "./markdown.js";

const pages = docPages(REPO_ROOT);

describe("docs links", () => {
  it("finds the README and the docs pages", () => {
    expect(pages).toContain("README.md");
    expect(pages).toContain("docs/README.md");
    expect(pages.length).toBeGreaterThan(10);
  });

  for (const page of pages) {
    it(`${page}: every link resolves`, () => {
      const text = readFileSync(path.join(REPO_ROOT, page), "utf8");
      const broken: string[] = [];
      for (const { target, line } of markdownLinks(text)) {
        const where = `${page}:${line}: ${target}`;
        if (/^(https?:)?\/\//.test(target)) {
          const host = new URL(target.startsWith("//") ? `https:${target}` : target).hostname;
          if (host === "localhost" || /^(127\.|10\.|192\.168\.)/.test(host)) broken.push(`${where} (not a public URL)`);
          continue;
        }
        if (/^mailto:/.test(target)) continue;
        if (/^[a-z][a-z0-9+.-]*:/i.test(target)) {
          broken.push(`${where} (unknown scheme)`);
          continue;
        }
        const [file, anchor] = splitAnchor(target);
        const resolved = file === "" ? path.join(REPO_ROOT, page) : path.resolve(path.dirname(path.join(REPO_ROOT, page)), decodeURI(file));
        const rel = path.relative(REPO_ROOT, resolved);
        if (rel.startsWith("..") || path.isAbsolute(rel)) {
          broken.push(`${where} (leaves the repository)`);
          continue;
        }
        if (!existsSync(resolved)) {
          broken.push(`${where} (no such file)`);
          continue;
        }
        if (anchor === undefined) continue;
        if (!resolved.endsWith(".md") || statSync(resolved).isDirectory()) {
          broken.push(`${where} (anchor into a file that is not markdown)`);
          continue;
        }
        if (!headingSlugs(readFileSync(resolved, "utf8")).has(anchor)) broken.push(`${where} (no heading #${anchor} in ${rel})`);
      }
      expect(broken).toEqual([]);
    });
  }

  it("slugs headings as GitHub does", () => {
    const slugs = headingSlugs("# A `b` c: d/e\n## Repeat\n## Repeat\n```\n# not a heading\n```\n### `--consolidate none`: exactly\n");
    expect([...slugs]).toEqual(["a-b-c-de", "repeat", "repeat-1", "--consolidate-none-exactly"]);
  });

  it("reads links, skipping code", () => {
    const links = markdownLinks("see [a](a.md) and [b](b.md#x)\n```\n[c](c.md)\n```\n`[d](d.md)` [e](<e f.md>)\n");
    expect(links.map((l) => l.target)).toEqual(["a.md", "b.md#x", "e f.md"]);
  });
});

function splitAnchor(target: string): [string, string | undefined] {
  const i = target.indexOf("#");
  return i < 0 ? [target, undefined] : [target.slice(0, i), target.slice(i + 1)];
}

