// Checks that a reduct-js call fails with the server's status and message.
import { APIError } from "reduct-js";
import { describe } from "./run.mjs";

/**
 * @param {(subject: string, field: string, expected: unknown, actual: unknown) => void} check
 * @param {string} subject
 * @param {() => Promise<unknown>} call
 * @param {number} status
 * @param {string} message
 */
export async function expectApiError(check, subject, call, status, message) {
  try {
    await call();
    check(subject, "outcome", `APIError ${status}`, "success");
  } catch (error) {
    if (!(error instanceof APIError)) {
      check(subject, "outcome", `APIError ${status}`, describe(error));
      return;
    }
    check(subject, "status", status, error.status);
    check(subject, "message", message, error.message);
  }
}
