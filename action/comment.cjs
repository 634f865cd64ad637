// Posts the Markdown summary on the pull request as one comment: found again by its first line
// (`<!-- promptcost -->`) and updated on the next push instead of adding another.
const fs = require("node:fs");

const MARKER = "<!-- promptcost -->";

module.exports = async function comment({ github, context, file }) {
  const body = fs.readFileSync(file, "utf8");
  const { owner, repo } = context.repo;
  const issue_number = context.issue.number;
  const comments = await github.paginate(github.rest.issues.listComments, { owner, repo, issue_number });
  const previous = comments.find((entry) => entry.body && entry.body.startsWith(MARKER));
  if (previous) await github.rest.issues.updateComment({ owner, repo, comment_id: previous.id, body });
  else await github.rest.issues.createComment({ owner, repo, issue_number, body });
};
