/**
 * The config switch edits only what it must (issue 21, item 7): the bytes of
 * a `target:` value that changes, or one inserted `target: gateway` line or
 * pair; comments, spacing, flow collections and quoting stay byte for byte,
 * in the services that switch and in the others.
 */
import { describe, expect, it } from "vitest";
import { parseConfig } from "../../src/repo/config.js";
import { switchToGateway } from "../../src/migrate/config-switch.js";

const odd = [
  "# the shop   (odd layout on purpose)",
  "output: deploy/sp     # where   profiles go",
  "clusterDomain:   cluster.local",
  "",
  "services:",
  "  # web, block style, no target yet",
  "  - name: web-svc   # the front end",
  "    namespace:  emojivoto",
  "    openapi: 'api/web.yaml'   #  quoted",
  "    profileNamespaces: [emojivoto]",
  "    defaults: {timeout: 2s}",
  "  # voting: flow style",
  "  - {name: voting-svc, namespace: emojivoto,   proto: proto/Voting.proto}",
  "  # emoji: has a target already, quoted",
  "  - name: emoji-svc",
  "    namespace: emojivoto",
  '    target: "serviceprofile"    # was',
  "    proto: proto/Emoji.proto",
  "  # books: not migrated, same odd layout",
  "  - name: books",
  "    namespace: booksapp",
  "    openapi: api/books.yaml    #   keep   me",
  "    defaults: {timeout: 2s}",
  "    routes:",
  "      \"GET /books\":",
  "        timeout:   300ms",
  "  # last: a nested map at the end of the entry",
  "  - name: authors",
  "    namespace: booksapp",
  "    openapi: api/authors.yaml",
  "    retryBudget:",
  "      retryRatio: 0.2",
  "      minRetriesPerSecond: 10",
  "      ttl: 10s",
  "# end",
  "",
].join("\n");

function load(text: string) {
  return parseConfig(text, "serviceprofile-sync.yaml");
}

describe("config switch", () => {
  it("changes only the target values it must, byte for byte elsewhere", () => {
    const config = load(odd);
    const pick = (name: string) => config.services.find((s) => s.name === name)!;
    const result = switchToGateway(odd, config, [pick("web-svc"), pick("voting-svc"), pick("emoji-svc"), pick("authors")]);
    const expected = odd
      .replace("    defaults: {timeout: 2s}\n  # voting", "    defaults: {timeout: 2s}\n    target: gateway\n  # voting")
      .replace("proto: proto/Voting.proto}", "proto: proto/Voting.proto, target: gateway}")
      .replace('target: "serviceprofile"    # was', "target: gateway    # was")
      .replace("      ttl: 10s\n# end", "      ttl: 10s\n    target: gateway\n# end");
    expect(result.text).toBe(expected);
    expect(result.changes.map((c) => c.service)).toEqual(["emojivoto/web-svc", "emojivoto/voting-svc", "emojivoto/emoji-svc", "booksapp/authors"]);
    // The edited config reads back with the targets switched and everything else as it was.
    const after = load(result.text);
    expect(after.services.map((s) => `${s.name}:${s.target}`)).toEqual(["web-svc:gateway", "voting-svc:gateway", "emoji-svc:gateway", "books:serviceprofile", "authors:gateway"]);
  });

  it("CRLF line endings and a last line without a newline", () => {
    const text = "output: sp\r\nservices:\r\n  - name: web   # c\r\n    namespace: shop\r\n    openapi: a.yaml   # d";
    const config = load(text);
    const result = switchToGateway(text, config, [config.services[0]!]);
    expect(result.text).toBe(text + "\r\n    target: gateway");
  });
});
