// Reads one expected record back with reduct-js and compares it with the manifest.
import { bodyBytes, expectedContentType, expectedLabels } from "./manifest.mjs";
import { describe } from "./run.mjs";

/**
 * @param {import("reduct-js").Bucket} bucket
 * @param {import("./mismatches.mjs").Mismatches} mismatches
 */
export async function checkRecord(bucket, scenario, record, mismatches) {
  const subject = `${record.entry}@${record.ts}`;
  let read;
  try {
    read = await bucket.beginRead(record.entry, BigInt(record.ts));
  } catch (error) {
    mismatches.add(scenario.name, subject, "read", "the record", describe(error));
    return;
  }

  const expected = bodyBytes(record.body);
  mismatches.check(scenario.name, subject, "timestamp", record.ts, read.time.toString());
  mismatches.check(scenario.name, subject, "size", expected.length.toString(), read.size.toString());
  mismatches.check(scenario.name, subject, "content type", expectedContentType(record), read.contentType);
  mismatches.checkLabels(scenario.name, subject, expectedLabels(record), read.labels);
  mismatches.checkBytes(scenario.name, subject, expected, await read.read());
}

/** Compares the errors an SDK reported with the ones the scenario expects. */
export function checkErrors(scenario, actualErrors, mismatches) {
  const key = (error) => `${error.entry}@${error.ts}`;
  const expected = new Map((scenario.errors ?? []).map((error) => [key(error), error]));
  const actual = new Map(actualErrors.map((error) => [key(error), error]));
  for (const [subject, error] of expected) {
    const got = actual.get(subject);
    if (!got) {
      mismatches.add(scenario.name, subject, "error", `${error.status} ${error.message}`, "(no error)");
      continue;
    }
    mismatches.check(scenario.name, subject, "error status", error.status, got.status);
    mismatches.check(scenario.name, subject, "error message", error.message, got.message);
  }
  for (const [subject, error] of actual) {
    if (!expected.has(subject)) {
      mismatches.add(scenario.name, subject, "error", "(no error)", `${error.status} ${error.message}`);
    }
  }
}
