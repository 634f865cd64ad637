/** A problem with how promptcost was invoked or configured: one line on stderr and exit code 2. */
export class UsageError extends Error {
  override readonly name = "UsageError";
}
