// Runs the manifest's queries with reduct-js and compares every returned record with the manifest.
//
//   node query.mjs --url http://127.0.0.1:8383 --token my-token --bucket from-csharp [--reader js|js@1.17] [--query NAME ...]
//
// The bucket must hold the scenarios the queries read. Without --query it runs every query that lists --reader
// (default js), continuous ones last: they write records of their own, which later queries would see, so a
// bucket can be queried this way only once. Naming a query with --query runs it even if the manifest does not
// list that reader, which is how a known issue is reproduced.
// Prints {"queries":[{"name","records":[...],"error"}],"mismatches":[...]} on stdout; exit code 1 on a mismatch.
import { Client } from "reduct-js";
import { selectQueries } from "./lib/manifest.mjs";
import { Mismatches } from "./lib/mismatches.mjs";
import { readBucketOptions } from "./lib/options.mjs";
import { checkQuery } from "./lib/query-check.mjs";
import { run } from "./lib/run.mjs";

let abandoned = false;

await run(async () => {
  const options = readBucketOptions({
    query: { type: "string", multiple: true },
    reader: { type: "string" },
  });
  const reader = options.reader ?? "js";
  const client = new Client(options.url, { apiToken: options.token });
  // getBucket asks the server first, so reduct-js knows the API version before it picks v1 or v2 for a query.
  const bucket = await client.getBucket(options.bucket);
  const mismatches = new Mismatches();
  const queries = [];

  let selected = selectQueries(options.query);
  if (!options.query) {
    selected = selected
      .filter((query) => query.readers.includes(reader))
      .sort((a, b) => Number(a.options?.continuous === true) - Number(b.options?.continuous === true));
  }
  for (const query of selected) {
    const outcome = await checkQuery(bucket, query, mismatches);
    queries.push(outcome.report);
    abandoned ||= outcome.abandoned;
    process.stderr.write(`queried ${query.name}: ${outcome.report.records.length} record(s)\n`);
  }

  return { mismatches, result: { queries } };
});

if (abandoned) {
  // A continuous query that stopped delivering still has a request open; do not wait for it.
  process.exit();
}
