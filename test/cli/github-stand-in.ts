// What the workflow and action tests need of the world outside: a git that commits without a user
// configured, and the part of the GitHub API that github-script's comment code calls.
import { execFileSync } from "node:child_process";

export function git(cwd: string, ...args: string[]): string {
  return execFileSync("git", args, { cwd, encoding: "utf8", env: { ...process.env, GIT_AUTHOR_NAME: "t", GIT_AUTHOR_EMAIL: "t@example.com", GIT_COMMITTER_NAME: "t", GIT_COMMITTER_EMAIL: "t@example.com" } }).trim();
}

export interface IssueComment {
  id: number;
  body: string;
}

/** `github` and `context` as actions/github-script passes them, over the pull request's `comments`. */
export function githubStandIn(comments: IssueComment[]) {
  const github = {
    paginate: async (list: (options: unknown) => Promise<{ data: unknown[] }>, options: unknown) => (await list(options)).data,
    rest: {
      issues: {
        listComments: async () => ({ data: comments }),
        createComment: async ({ body }: { body: string }) => void comments.push({ id: comments.length + 1, body }),
        updateComment: async ({ comment_id, body }: { comment_id: number; body: string }) => void (comments.find((entry) => entry.id === comment_id)!.body = body),
      },
    },
  };
  const context = { repo: { owner: "acme", repo: "shop" }, issue: { number: 7 } };
  return { github, context };
}
