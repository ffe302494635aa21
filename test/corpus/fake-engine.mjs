// A stand-in engine for the corpus runner's own tests: it misbehaves on
// purpose, by file name, so the runner's handling of crashes, hangs, dying
// workers and unplaced errors can be checked without a buggy real engine.
class FakeSpecError extends Error {
  constructor(diagnostic) {
    super(diagnostic.message);
    this.diagnostic = { severity: "error", ...diagnostic };
  }
}

export const isSpecError = (err) => err instanceof FakeSpecError;
export const formatDiagnostic = (d) => `${d.file ?? "?"}: ${d.message}`;
export const fsReader = (root) => ({ root, label: "fake" });

export async function openApiRoutes(_reader, file) {
  const name = file.replace(/\.\w+$/, "");
  if (name === "crash") return { routes: undefined.length }; // a TypeError, as a real bug would throw
  if (name === "hang") for (;;);
  if (name === "exit") process.exit(3);
  if (name === "placed") throw new FakeSpecError({ message: 'bad value "x" at 12', file, line: 3, column: 4 });
  if (name === "nowhere") throw new FakeSpecError({ message: "something is wrong" });
  return { routes: [{ name: "GET /" }], inputs: [file], warnings: [] };
}

export const protoRoutes = openApiRoutes;
export const generateProfile = ({ routes }) => ({ profile: { routes }, warnings: [] });
export const renderObject = (profile) => JSON.stringify(profile);
