// Checks reduct-js management calls against a server: info, bucket creation with settings,
// bucket info, settings update, list, and the errors for a duplicate and a missing bucket.
//
//   node management.mjs --url http://127.0.0.1:8383 --token my-token --bucket mgmt [--fresh-server]
//
// The script creates --bucket and --bucket-partial, so neither may exist. --fresh-server also
// checks what an empty server reports (no buckets: oldest_record is u64::MAX).
// Prints {"version","buckets":[...],"mismatches":[...]} on stdout; exit code 1 on a mismatch.
import { Client, QuotaType } from "reduct-js";
import { Mismatches } from "./lib/mismatches.mjs";
import { readBucketOptions } from "./lib/options.mjs";
import { expectApiError } from "./lib/expect-error.mjs";
import { run } from "./lib/run.mjs";

const U64_MAX = 18446744073709551615n;
const RECORD_TS = 1700000000000000n;

// What ReductStore gives a bucket created without settings.
const DEFAULT_SETTINGS = { maxBlockSize: 64000000n, maxBlockRecords: 1024n, quotaType: QuotaType.NONE, quotaSize: 0n };
const CUSTOM_SETTINGS = { maxBlockSize: 5000000n, maxBlockRecords: 500n, quotaType: QuotaType.FIFO, quotaSize: 1000000000n };

await run(async () => {
  const options = readBucketOptions({ "fresh-server": { type: "boolean" } });
  const client = new Client(options.url, { apiToken: options.token });
  const mismatches = new Mismatches();
  const check = (subject, field, expected, actual) => mismatches.check("management", subject, field, expected, actual);
  const name = options.bucket;
  const partialName = `${name}-partial`;

  const before = await client.getInfo();
  check("server info", "version is MAJOR.MINOR.PATCH", true, /^\d+\.\d+\.\d+$/.test(before.version));
  checkSettings(check, "server info defaults", DEFAULT_SETTINGS, before.defaults.bucket);
  check("server info", "usage is a u64", "bigint", typeof before.usage);
  check("server info", "uptime is a u64", "bigint", typeof before.uptime);
  if (options["fresh-server"]) {
    check("server info", "bucket count", 0n, before.bucketCount);
    check("server info", "oldest record (u64::MAX when there are no buckets)", U64_MAX, before.oldestRecord);
    check("server info", "latest record", 0n, before.latestRecord);
    check("server info", "license", undefined, before.license);
  }

  const bucket = await client.createBucket(name, CUSTOM_SETTINGS);
  checkSettings(check, `bucket ${name} settings`, CUSTOM_SETTINGS, await bucket.getSettings());
  const emptyInfo = await bucket.getInfo();
  check(`bucket ${name} info`, "name", name, emptyInfo.name);
  check(`bucket ${name} info`, "entry count", 0n, emptyInfo.entryCount);
  check(`bucket ${name} info`, "size", 0n, emptyInfo.size);
  check(`bucket ${name} info`, "oldest record", 0n, emptyInfo.oldestRecord);
  check(`bucket ${name} info`, "latest record", 0n, emptyInfo.latestRecord);
  check(`bucket ${name} info`, "is provisioned", false, emptyInfo.isProvisioned);
  check(`bucket ${name} info`, "status", "READY", emptyInfo.status);

  // Fields left out of a create request take the server's defaults.
  const partial = await client.createBucket(partialName, { maxBlockRecords: 100n });
  checkSettings(check, `bucket ${partialName} settings`, { ...DEFAULT_SETTINGS, maxBlockRecords: 100n }, await partial.getSettings());

  // An update is partial too: the fields not sent keep their values.
  await partial.setSettings({ quotaType: QuotaType.HARD, quotaSize: 2000000n });
  checkSettings(check, `bucket ${partialName} settings after update`,
    { ...DEFAULT_SETTINGS, maxBlockRecords: 100n, quotaType: QuotaType.HARD, quotaSize: 2000000n }, await partial.getSettings());

  const writable = await bucket.beginWrite("entry-1", RECORD_TS);
  await writable.write(Buffer.from("abc"));
  const info = await bucket.getInfo();
  check(`bucket ${name} info after a write`, "entry count", 1n, info.entryCount);
  check(`bucket ${name} info after a write`, "oldest record", RECORD_TS, info.oldestRecord);
  check(`bucket ${name} info after a write`, "latest record", RECORD_TS, info.latestRecord);
  check(`bucket ${name} info after a write`, "size counts the record", true, info.size >= 3n);
  const entries = await bucket.getEntryList();
  check(`bucket ${name} entries`, "names", JSON.stringify(["entry-1"]), JSON.stringify(entries.map((entry) => entry.name)));
  check(`bucket ${name} entry entry-1`, "record count", 1n, entries[0]?.recordCount);
  check(`bucket ${name} entry entry-1`, "block count", 1n, entries[0]?.blockCount);
  check(`bucket ${name} entry entry-1`, "latest record", RECORD_TS, entries[0]?.latestRecord);

  const listed = await client.getBucketList();
  for (const expected of [name, partialName]) {
    check("bucket list", `contains ${expected}`, true, listed.some((item) => item.name === expected));
  }
  const after = await client.getInfo();
  check("server info after creating two buckets", "bucket count", before.bucketCount + 2n, after.bucketCount);

  await expectApiError(check, "create an existing bucket", () => client.createBucket(name), 409, `Bucket '${name}' already exists`);
  const missing = `${name}-missing`;
  await expectApiError(check, "get a missing bucket", () => client.getBucket(missing), 404, `Bucket '${missing}' is not found`);

  return {
    mismatches,
    result: {
      version: before.version,
      buckets: [name, partialName],
    },
  };
});

function checkSettings(check, subject, expected, actual) {
  check(subject, "max block size", expected.maxBlockSize, actual.maxBlockSize);
  check(subject, "max block records", expected.maxBlockRecords, actual.maxBlockRecords);
  check(subject, "quota type", QuotaType[expected.quotaType], QuotaType[actual.quotaType]);
  check(subject, "quota size", expected.quotaSize, actual.quotaSize);
}
