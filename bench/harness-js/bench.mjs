// The reduct-js side of the end-to-end harness (bench/Reduct.Client.Harness).
//
//   node bench.mjs --url http://127.0.0.1:8383 --bucket B --warmup-bucket W --path single|batch-v1|batch-v2|stream|query
//                  --records N --size BYTES --entries E [--chunk BYTES] --warmup-records N --warmup-size BYTES
//                  [--settle-ms MS] [--client js]
//
// Protocol with the harness, one JSON object per line on stdout: after the warm-up writes (or reads) it prints
// {"event":"warm"} and waits for a line on stdin, then writes (or reads back) the measured records and prints
// {"event":"result", ...} with its records/s inputs, its CPU time and its own peak RSS. The query path reads
// records the harness wrote beforehand and reports how many records and body bytes it received.
import { readFileSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { Client } from "reduct-js";

const START_TIMESTAMP = 1_700_000_000_000_000n;
const SPACING_MICROSECONDS = 1000n;
const CONTENT_TYPE = "application/octet-stream";
const LABELS = Object.freeze({ sensor: "temp-01", unit: "celsius" });

// The same flush rule every batching client of the harness follows: at most 80 records (the default of
// Reduct.Client, within the server's 85) and at most 8,000,000 body bytes per request.
const BATCH_MAX_RECORDS = 80;
const BATCH_MAX_BYTES = 8_000_000;

const options = parseArguments(process.argv.slice(2));

// keepAlive: reduct-js sends "Connection: close" by default, which opens a TCP connection per request;
// the harness measures it at its best.
const client = new Client(options.url, { keepAlive: true, timeout: 0 });

await runWorkload(await client.getBucket(options.warmupBucket), options.path, {
  records: options.warmupRecords,
  size: options.warmupSize,
  entries: options.entries,
  chunk: options.chunk,
});

// The same pause as the .NET clients get, for background compilation to finish.
await new Promise((resolve) => setTimeout(resolve, options.settleMs));

// getBucket sends a request: done before the server starts counting.
const bucket = await client.getBucket(options.bucket);
const workload = { records: options.records, size: options.size, entries: options.entries, chunk: options.chunk };
console.log(JSON.stringify({ event: "warm" }));
await waitForGo();

resetPeakRss();
const rssBefore = readStatusBytes("VmRSS");
const cpuBefore = process.cpuUsage();
const started = process.hrtime.bigint();
const received = await runWorkload(bucket, options.path, workload);
const seconds = Number(process.hrtime.bigint() - started) / 1e9;
const cpu = process.cpuUsage(cpuBefore);
console.log(
  JSON.stringify({
    event: "result",
    records: received?.records ?? options.records,
    ...(received ? { bodyBytes: received.bodyBytes } : {}),
    seconds,
    cpuSeconds: (cpu.user + cpu.system) / 1e6,
    peakRssBytes: readStatusBytes("VmHWM"),
    rssBeforeBytes: rssBefore,
    runtime: `node ${process.version}`,
  }),
);
await client.close();

/** Writes the workload, or for the query path reads it back and returns what it received. */
async function runWorkload(bucket, path, workload) {
  switch (path) {
    case "query":
      return readBack(bucket, workload);
    case "single":
      return writeSingles(bucket, workload, Buffer.alloc(workload.size, 0x5a));
    case "batch-v1":
      return writeBatchesV1(bucket, workload, Buffer.alloc(workload.size, 0x5a));
    case "batch-v2":
      return writeRecordBatches(bucket, workload, Buffer.alloc(workload.size, 0x5a));
    case "stream":
      // Never the whole record in memory: it may be larger than the memory the client can use.
      return writeStreams(bucket, workload);
    default:
      throw new Error(`unknown path '${path}'`);
  }
}

async function writeSingles(bucket, workload, payload) {
  for (let i = 0; i < workload.records; i++) {
    const record = await bucket.beginWrite(entryOf(i, workload), { ts: timestampOf(i), contentType: CONTENT_TYPE, labels: LABELS });
    await record.write(payload);
  }
}

async function writeBatchesV1(bucket, workload, payload) {
  // A v1 batch holds one entry, so an application keeps one per entry and sends each when it is full.
  const batches = new Map();
  for (let i = 0; i < workload.records; i++) {
    const entry = entryOf(i, workload);
    let batch = batches.get(entry);
    if (batch === undefined) {
      batch = await bucket.beginWriteBatch(entry);
      batches.set(entry, batch);
    }
    if (isFull(batch, payload.length)) {
      await sendV1(batch);
    }
    batch.add(timestampOf(i), payload, CONTENT_TYPE, LABELS);
  }
  for (const batch of batches.values()) {
    if (batch.recordCount() > 0) {
      await sendV1(batch);
    }
  }
}

async function sendV1(batch) {
  const errors = await batch.write();
  if (errors.size > 0) {
    throw new Error(`a v1 batch lost ${errors.size} records: ${[...errors.values()][0].message}`);
  }
  batch.clear();
}

async function writeRecordBatches(bucket, workload, payload) {
  const batch = bucket.beginWriteRecordBatch();
  for (let i = 0; i < workload.records; i++) {
    if (isFull(batch, payload.length)) {
      await sendRecordBatch(batch);
    }
    batch.add(entryOf(i, workload), timestampOf(i), payload, CONTENT_TYPE, LABELS);
  }
  if (batch.recordCount() > 0) {
    await sendRecordBatch(batch);
  }
}

async function sendRecordBatch(batch) {
  const errors = await batch.send();
  if (errors.size > 0) {
    throw new Error(`a record batch lost records in ${errors.size} entries`);
  }
  batch.clear();
}

function isFull(batch, nextSize) {
  return batch.recordCount() >= BATCH_MAX_RECORDS || (batch.recordCount() > 0 && Number(batch.size()) + nextSize > BATCH_MAX_BYTES);
}

/** Each record streamed from chunks of one buffer that is never changed, so it can be handed out again. */
async function writeStreams(bucket, workload) {
  const chunk = new Uint8Array(Math.min(workload.chunk, workload.size)).fill(0x5a);
  for (let i = 0; i < workload.records; i++) {
    let remaining = workload.size;
    const stream = new ReadableStream({
      pull(controller) {
        if (remaining === 0) {
          controller.close();
          return;
        }
        const length = Math.min(remaining, chunk.length);
        controller.enqueue(length === chunk.length ? chunk : chunk.subarray(0, length));
        remaining -= length;
      },
    });
    const record = await bucket.beginWrite(entryOf(i, workload), { ts: timestampOf(i), contentType: CONTENT_TYPE, labels: LABELS });
    await record.write(stream, workload.size);
  }
}

/**
 * Reads the workload's entry back with a query: a small body whole with record.read(), a large one chunk by chunk
 * from the record's stream, never whole in memory.
 */
async function readBack(bucket, workload) {
  let records = 0;
  let bodyBytes = 0;
  for await (const record of bucket.query("sensor-0")) {
    if (workload.size <= workload.chunk) {
      bodyBytes += (await record.read()).length;
    } else {
      const reader = record.stream.getReader();
      for (let chunk = await reader.read(); !chunk.done; chunk = await reader.read()) {
        bodyBytes += chunk.value.length;
      }
    }
    records++;
  }
  return { records, bodyBytes };
}

function entryOf(index, workload) {
  return `sensor-${index % workload.entries}`;
}

function timestampOf(index) {
  return START_TIMESTAMP + BigInt(index) * SPACING_MICROSECONDS;
}

function waitForGo() {
  return new Promise((resolve, reject) => {
    const lines = createInterface({ input: process.stdin });
    let received = false;
    lines.once("line", () => {
      received = true;
      lines.close();
      // An open stdin would keep the event loop, and so the process, alive after the result.
      process.stdin.destroy();
      resolve();
    });
    lines.once("close", () => {
      if (!received) {
        reject(new Error("the harness closed stdin before the measured run"));
      }
    });
  });
}

/** Resets VmHWM to the current RSS (Linux 4.0+), so the peak covers the measured run only. */
function resetPeakRss() {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // Without it the peak includes the warm-up, which the report shows as it is.
  }
}

function readStatusBytes(field) {
  try {
    const match = readFileSync("/proc/self/status", "utf8").match(new RegExp(`^${field}:\\s+(\\d+) kB`, "m"));
    if (match) {
      return Number(match[1]) * 1024;
    }
  } catch {
    // Not Linux: fall back to what Node reports.
  }
  return field === "VmHWM" ? process.resourceUsage().maxRSS * 1024 : process.memoryUsage().rss;
}

function parseArguments(argv) {
  const values = {};
  for (let i = 0; i < argv.length; i += 2) {
    if (!argv[i].startsWith("--") || i + 1 >= argv.length) {
      throw new Error(`bad argument '${argv[i]}'`);
    }
    values[argv[i].slice(2)] = argv[i + 1];
  }
  const required = (name) => {
    if (values[name] === undefined) {
      throw new Error(`--${name} is required`);
    }
    return values[name];
  };
  const integer = (name, fallback) => {
    const text = values[name] ?? (fallback === undefined ? required(name) : String(fallback));
    const value = Number.parseInt(text, 10);
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new Error(`--${name} must be a non-negative integer, got '${text}'`);
    }
    return value;
  };
  return {
    url: required("url").replace(/\/+$/, ""),
    bucket: required("bucket"),
    warmupBucket: required("warmup-bucket"),
    path: required("path"),
    records: integer("records"),
    size: integer("size"),
    entries: Math.max(1, integer("entries", 1)),
    chunk: Math.max(1, integer("chunk", 65_536)),
    warmupRecords: integer("warmup-records"),
    warmupSize: integer("warmup-size"),
    settleMs: integer("settle-ms", 0),
  };
}
