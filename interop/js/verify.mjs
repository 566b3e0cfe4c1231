// Reads scenarios back with reduct-js and compares every record with the manifest.
//
//   node verify.mjs --url http://127.0.0.1:8383 --token my-token --bucket from-csharp
//                   [--written-by csharp|js] [--scenario NAME ...]
//
// Without --scenario it checks every scenario that lists the --written-by writer (default csharp).
// Prints {"scenarios":[{"name","checked"}],"mismatches":[...]} on stdout; exit code 1 on a mismatch.
import { Client } from "reduct-js";
import { expectedStoredRecords, selectScenarios } from "./lib/manifest.mjs";
import { Mismatches } from "./lib/mismatches.mjs";
import { UsageError, readBucketOptions } from "./lib/options.mjs";
import { checkRecord } from "./lib/record-check.mjs";
import { run } from "./lib/run.mjs";

await run(async () => {
  const options = readBucketOptions({
    scenario: { type: "string", multiple: true },
    "written-by": { type: "string" },
  });
  const writer = options["written-by"] ?? "csharp";
  if (writer !== "csharp" && writer !== "js") {
    throw new UsageError(`--written-by must be csharp or js, got '${writer}'`);
  }

  const client = new Client(options.url, { apiToken: options.token });
  const bucket = await client.getBucket(options.bucket);
  const mismatches = new Mismatches();
  const scenarios = [];

  for (const scenario of selectScenarios(options.scenario, writer)) {
    const records = expectedStoredRecords(scenario);
    for (const record of records) {
      await checkRecord(bucket, scenario, record, mismatches);
    }
    scenarios.push({ name: scenario.name, checked: records.length });
    process.stderr.write(`checked ${scenario.name}: ${records.length} record(s)\n`);
  }

  return { mismatches, result: { scenarios } };
});
