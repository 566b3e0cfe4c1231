// Runs a script's main function with the exit codes the C# tests rely on:
// 0 all checks passed, 1 mismatches found, 2 bad usage, 3 unexpected failure.
import { UsageError } from "./options.mjs";

/**
 * @param {() => Promise<{mismatches: import("./mismatches.mjs").Mismatches, result: object}>} main
 */
export async function run(main) {
  try {
    const { mismatches, result } = await main();
    process.stdout.write(JSON.stringify({ ...result, mismatches: mismatches.items }, bigintAsString) + "\n");
    if (mismatches.count > 0) {
      process.stderr.write(mismatches.format() + "\n");
      process.exitCode = 1;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`usage error: ${error.message}\n`);
      process.exitCode = 2;
      return;
    }
    process.stderr.write(`unexpected failure: ${describe(error)}\n`);
    process.exitCode = 3;
  }
}

/** reduct-js throws APIError objects, which are not Error instances and carry the HTTP status. */
export function describe(error) {
  if (error && typeof error === "object" && "status" in error && !(error instanceof Error)) {
    return `APIError status=${error.status} message=${JSON.stringify(error.message)}`;
  }
  return error instanceof Error ? error.stack ?? error.message : String(error);
}

function bigintAsString(_, value) {
  return typeof value === "bigint" ? value.toString() : value;
}
