// Writes a scenario's records with reduct-js, using the write API its method names.
import { bodyBytes } from "./manifest.mjs";

const STREAM_CHUNK_SIZE = 64 * 1024;

// Uneven sizes, so chunk borders fall anywhere relative to the server's read buffers.
const UNEVEN_CHUNK_SIZES = [1, 7, 4096, 65_536, 13, 100_000, 31_337];

/**
 * Writes the scenario's existing records one by one, then its records with its method.
 * @returns the per-record errors reduct-js reported, as {entry, ts, status, message}, sorted
 */
export async function writeScenario(bucket, scenario) {
  for (const record of scenario.existing ?? []) {
    await writeSingle(bucket, record, bodyBytes(record.body));
  }

  switch (scenario.method) {
    case "single":
      for (const record of scenario.records) {
        await writeSingle(bucket, record, bodyBytes(record.body));
      }
      return [];
    case "stream":
      for (const record of scenario.records) {
        await writeStream(bucket, record, () => STREAM_CHUNK_SIZE);
      }
      return [];
    case "chunks":
      for (const record of scenario.records) {
        await writeStream(bucket, record, (index) => UNEVEN_CHUNK_SIZES[index % UNEVEN_CHUNK_SIZES.length]);
      }
      return [];
    case "batch-v1":
      return writeBatchV1(bucket, scenario);
    case "record-batch":
      return writeRecordBatch(bucket, scenario);
    default:
      throw new Error(`scenario '${scenario.name}': reduct-js has no write API for method '${scenario.method}'`);
  }
}

/** One record with beginWrite: its timestamp, content type and labels. */
export async function writeSingle(bucket, record, data) {
  const writable = await bucket.beginWrite(record.entry, writeOptions(record));
  await writable.write(data);
}

/** A web ReadableStream with a declared size: reduct-js sends it chunked with x-reduct-content-length. */
async function writeStream(bucket, record, chunkSize) {
  const data = bodyBytes(record.body);
  let offset = 0;
  let index = 0;
  const stream = new ReadableStream({
    pull(controller) {
      if (offset >= data.length) {
        controller.close();
        return;
      }
      const end = Math.min(data.length, offset + chunkSize(index++));
      controller.enqueue(new Uint8Array(data.subarray(offset, end)));
      offset = end;
    },
  });
  const writable = await bucket.beginWrite(record.entry, writeOptions(record));
  await writable.write(stream, data.length);
}

async function writeBatchV1(bucket, scenario) {
  const entry = scenario.records[0].entry;
  const batch = await bucket.beginWriteBatch(entry);
  for (const record of scenario.records) {
    if (record.entry !== entry) {
      throw new Error(`scenario '${scenario.name}': a v1 batch holds one entry, got '${entry}' and '${record.entry}'`);
    }
    batch.add(BigInt(record.ts), bodyBytes(record.body), record.contentType, record.labels);
  }

  const errors = await batch.write();
  return sortErrors([...errors].map(([ts, error]) => toError(entry, ts, error)));
}

async function writeRecordBatch(bucket, scenario) {
  const batch = bucket.beginWriteRecordBatch();
  for (const record of scenario.records) {
    batch.add(record.entry, BigInt(record.ts), bodyBytes(record.body), record.contentType, record.labels);
  }

  const errorsByEntry = await batch.send();
  const errors = [];
  for (const [entry, byTimestamp] of errorsByEntry) {
    for (const [ts, error] of byTimestamp) {
      errors.push(toError(entry, ts, error));
    }
  }
  return sortErrors(errors);
}

function writeOptions(record) {
  return { ts: BigInt(record.ts), contentType: record.contentType, labels: record.labels };
}

function toError(entry, ts, error) {
  return { entry, ts: ts.toString(), status: error.status, message: error.message };
}

function sortErrors(errors) {
  return errors.sort((a, b) => (a.entry === b.entry ? compareDecimal(a.ts, b.ts) : a.entry < b.entry ? -1 : 1));
}

function compareDecimal(a, b) {
  const x = BigInt(a);
  const y = BigInt(b);
  return x < y ? -1 : x > y ? 1 : 0;
}
