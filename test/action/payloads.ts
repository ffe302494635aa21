/**
 * Event payloads shaped like the ones GitHub writes to GITHUB_EVENT_PATH
 * (trimmed to the fields a consumer can rely on, with GitHub's names and
 * nesting), for the action's tests.
 */

export interface RepoShape {
  owner: string;
  name: string;
}

function repository(r: RepoShape, fork = false) {
  const full = `${r.owner}/${r.name}`;
  return {
    id: 123456,
    node_id: "R_kgDOAAAAAA",
    name: r.name,
    full_name: full,
    private: false,
    owner: { login: r.owner, id: 1000, type: "Organization" },
    html_url: `https://github.com/${full}`,
    fork,
    url: `https://api.github.com/repos/${full}`,
    clone_url: `https://github.com/${full}.git`,
    default_branch: "main",
  };
}

export interface PullRequestShape {
  number: number;
  base: { ref: string; sha: string; repo: RepoShape };
  head: { ref: string; sha: string; repo: RepoShape | null };
  action?: "opened" | "synchronize" | "reopened";
}

export function pullRequestPayload(pr: PullRequestShape) {
  const baseFull = `${pr.base.repo.owner}/${pr.base.repo.name}`;
  const side = (s: { ref: string; sha: string; repo: RepoShape | null }, fork: boolean) => ({
    label: s.repo ? `${s.repo.owner}:${s.ref}` : `unknown:${s.ref}`,
    ref: s.ref,
    sha: s.sha,
    user: { login: s.repo?.owner ?? "ghost", id: 1001, type: "User" },
    repo: s.repo ? repository(s.repo, fork) : null,
  });
  const isFork = !pr.head.repo || `${pr.head.repo.owner}/${pr.head.repo.name}` !== baseFull;
  return {
    action: pr.action ?? "synchronize",
    number: pr.number,
    pull_request: {
      url: `https://api.github.com/repos/${baseFull}/pulls/${pr.number}`,
      id: 987654321,
      html_url: `https://github.com/${baseFull}/pull/${pr.number}`,
      number: pr.number,
      state: "open",
      locked: false,
      title: "Change the API",
      user: { login: "octocat", id: 1, type: "User" },
      body: null,
      draft: false,
      merged: false,
      head: side(pr.head, isFork),
      base: side(pr.base, false),
      author_association: "CONTRIBUTOR",
    },
    repository: repository(pr.base.repo),
    sender: { login: "octocat", id: 1, type: "User" },
  };
}

export function pushPayload(p: { ref: string; before: string; after: string; repo: RepoShape }) {
  return {
    ref: p.ref,
    before: p.before,
    after: p.after,
    created: /^0+$/.test(p.before),
    deleted: false,
    forced: false,
    base_ref: null,
    compare: `https://github.com/${p.repo.owner}/${p.repo.name}/compare/${p.before.slice(0, 12)}...${p.after.slice(0, 12)}`,
    commits: [],
    head_commit: { id: p.after, message: "change", author: { name: "Test User", email: "test@example.com" } },
    repository: repository(p.repo),
    pusher: { name: "octocat", email: "octocat@example.com" },
    sender: { login: "octocat", id: 1, type: "User" },
  };
}
