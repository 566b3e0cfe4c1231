// Runs a query of the manifest with reduct-js and compares what it returns with the manifest, record by record.
import { bodyBytes, expectedQueryRecords, recordKey } from "./manifest.mjs";
import { compareRecord } from "./record-check.mjs";
import { describe } from "./run.mjs";
import { writeSingle } from "./scenario-writer.mjs";

/** How long a continuous query may take to deliver its next record before the check gives up on it. */
const CONTINUOUS_WAIT_MS = 15_000;

const TIMED_OUT = Symbol("timed out");

/**
 * Runs the query on a bucket that holds its scenario. A continuous query is read until it has delivered every
 * expected record: once the records stored before have arrived, the query's `after` records are written (with
 * reduct-js's single write), and they must arrive too; then the query is stopped.
 * @param {import("reduct-js").Bucket} bucket
 * @param {import("./mismatches.mjs").Mismatches} mismatches
 * @returns {Promise<{report: object, abandoned: boolean}>} what reduct-js returned; abandoned when a continuous
 *   query was left waiting (its pending request keeps the process alive)
 */
export async function checkQuery(bucket, query, mismatches) {
  const expected = expectedQueryRecords(query);
  const options = query.options ?? {};
  const continuous = options.continuous === true;
  const storedBefore = expected.length - (query.after?.length ?? 0);
  const iterator = bucket
    .query(query.entry ?? query.entries, optionalBigInt(query.start), optionalBigInt(query.stop), { ...options })
    [Symbol.asyncIterator]();

  const received = [];
  let error;
  let abandoned = false;
  try {
    while (!continuous || received.length < expected.length) {
      const next = continuous ? await withDeadline(iterator.next(), CONTINUOUS_WAIT_MS) : await iterator.next();
      if (next === TIMED_OUT) {
        abandoned = true;
        break;
      }
      if (next.done) {
        break;
      }
      const read = next.value;
      received.push({ read, body: await read.read() });
      if (continuous && received.length === storedBefore) {
        for (const record of query.after ?? []) {
          await writeSingle(bucket, record, bodyBytes(record.body));
        }
      }
    }
    if (continuous && !abandoned) {
      await iterator.return();
    }
  } catch (caught) {
    error = caught;
  }

  compareQuery(query, expected, received, error, mismatches);
  if (abandoned) {
    mismatches.add(query.name, "query", "continuous", `the next record within ${CONTINUOUS_WAIT_MS} ms`, "nothing");
  }
  return { report: toReport(query, received, error), abandoned };
}

/**
 * The rule both SDKs apply: each entry's records arrive in the expected order (a query over several entries may
 * interleave the entries as it likes), each returned record matches its manifest record field by field, and the
 * query fails with exactly the expected error, or with none.
 */
function compareQuery(query, expected, received, error, mismatches) {
  const entries = new Set([...expected.map((record) => record.entry), ...received.map(({ read }) => read.entry)]);
  for (const entry of [...entries].sort()) {
    mismatches.check(
      query.name,
      entry,
      "timestamps",
      timestampList(expected.filter((record) => record.entry === entry).map((record) => record.ts)),
      timestampList(received.filter(({ read }) => read.entry === entry).map(({ read }) => read.time.toString())),
    );
  }

  const byKey = new Map(expected.map((record) => [recordKey(record), record]));
  for (const { read, body } of received) {
    const record = byKey.get(`${read.entry}@${read.time}`);
    if (record) {
      compareRecord(query.name, record, read, body, mismatches, { metadataOnly: query.options?.head === true });
    }
  }

  const expectedError = query.error ? `${query.error.status} ${query.error.message}` : "(none)";
  mismatches.check(query.name, "query", "error", expectedError, error === undefined ? "(none)" : describeQueryError(error));
}

function toReport(query, received, error) {
  return {
    name: query.name,
    records: received.map(({ read, body }) => ({
      entry: read.entry,
      ts: read.time.toString(),
      size: read.size.toString(),
      contentType: read.contentType,
      labels: Object.fromEntries(Object.entries(read.labels).map(([name, value]) => [name, String(value)])),
      body: body.toString("base64"),
    })),
    error: error === undefined ? null : isApiError(error) ? { status: error.status, message: error.message } : { status: null, message: describe(error) },
  };
}

/** reduct-js reports a server error as an APIError with the status and the x-reduct-error text. */
function describeQueryError(error) {
  return isApiError(error) ? `${error.status} ${error.message}` : describe(error);
}

function isApiError(error) {
  return error !== null && typeof error === "object" && typeof error.status === "number" && !(error instanceof Error);
}

function timestampList(timestamps) {
  return timestamps.length === 0 ? "(none)" : timestamps.join(", ");
}

function optionalBigInt(value) {
  return value === undefined ? undefined : BigInt(value);
}

async function withDeadline(promise, milliseconds) {
  let timer;
  const deadline = new Promise((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), milliseconds);
  });
  try {
    return await Promise.race([promise, deadline]);
  } finally {
    clearTimeout(timer);
  }
}
