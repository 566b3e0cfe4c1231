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

  compareRecord(scenario.name, record, read, await read.read(), mismatches);
}

/**
 * Compares a record reduct-js returned (a ReadableRecord and its body) with the manifest's record: timestamp,
 * size, content type, labels and bytes. A metadata-only record must come with an empty body.
 * @param {string} name the scenario or query, for the mismatch lines
 */
export function compareRecord(name, record, read, body, mismatches, { metadataOnly = false } = {}) {
  const subject = `${record.entry}@${record.ts}`;
  const expected = bodyBytes(record.body);
  mismatches.check(name, subject, "timestamp", record.ts, read.time.toString());
  mismatches.check(name, subject, "size", expected.length.toString(), read.size.toString());
  mismatches.check(name, subject, "content type", expectedContentType(record), read.contentType);
  mismatches.checkLabels(name, subject, expectedLabels(record), read.labels);
  if (metadataOnly) {
    mismatches.check(name, subject, "body length (metadata only)", 0, body.length);
  } else {
    mismatches.checkBytes(name, subject, expected, body);
  }
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
