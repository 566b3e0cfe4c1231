// Writes scenarios with reduct-js, so Reduct.Client can read them back.
//
//   node write.mjs --url http://127.0.0.1:8383 --token my-token --bucket from-js [--scenario NAME ...]
//
// Without --scenario it writes every scenario that lists "js" as a writer, into --bucket (created if
// missing). A scenario can only be written once into a bucket: its timestamps are fixed.
// Prints {"scenarios":[{"name","errors":[{entry,ts,status,message}]}],"mismatches":[...]} on stdout;
// a per-record error that differs from the manifest is a mismatch (exit code 1).
import { Client } from "reduct-js";
import { selectScenarios } from "./lib/manifest.mjs";
import { Mismatches } from "./lib/mismatches.mjs";
import { readBucketOptions } from "./lib/options.mjs";
import { checkErrors } from "./lib/record-check.mjs";
import { run } from "./lib/run.mjs";
import { writeScenario } from "./lib/scenario-writer.mjs";

await run(async () => {
  const options = readBucketOptions({ scenario: { type: "string", multiple: true } });
  const client = new Client(options.url, { apiToken: options.token });
  const bucket = await client.getOrCreateBucket(options.bucket);
  const mismatches = new Mismatches();
  const scenarios = [];

  for (const scenario of selectScenarios(options.scenario, "js")) {
    const errors = await writeScenario(bucket, scenario);
    checkErrors(scenario, errors, mismatches);
    scenarios.push({ name: scenario.name, errors });
    process.stderr.write(`wrote ${scenario.name}: ${scenario.records.length} record(s), ${errors.length} error(s)\n`);
  }

  return { mismatches, result: { scenarios } };
});
