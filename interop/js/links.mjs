// Query links made by reduct-js for Reduct.Client to download.
//
//   node links.mjs --url http://127.0.0.1:8383 --token my-token --bucket data --link-file links.txt
//
// Reduct.Client has written the records "seed" at RECORD_TS ("first") and RECORD_TS + 10 ("second") to --bucket.
// The script makes two links with createQueryLink: one to the first record with the default query, one to the
// second record of a query over both, and writes them, one a line, to --link-file (a link works without a token,
// so it goes through a file like a secret). Prints {"mismatches":[...]} on stdout.
import { writeFileSync } from "node:fs";
import { Client } from "reduct-js";
import { Mismatches } from "./lib/mismatches.mjs";
import { readBucketOptions } from "./lib/options.mjs";
import { run } from "./lib/run.mjs";

const RECORD_TS = 1700000000000000n;

await run(async () => {
  const options = readBucketOptions({ "link-file": { type: "string" } });
  const client = new Client(options.url, { apiToken: options.token });
  const mismatches = new Mismatches();
  const bucket = await client.getBucket(options.bucket);
  const expireAt = new Date(Date.now() + 3600 * 1000);

  const first = await bucket.createQueryLink("seed", undefined, undefined, undefined,
    { entry: "seed", timestamp: RECORD_TS }, expireAt, "first.txt");
  const second = await bucket.createQueryLink("seed", RECORD_TS, RECORD_TS + 11n, undefined,
    { entry: "seed", timestamp: RECORD_TS + 10n }, expireAt);
  mismatches.check("links", "first link", "file name", true, first.includes("/api/v1/links/first.txt?"));
  writeFileSync(options["link-file"], `${first}\n${second}\n`, { mode: 0o600 });
  return { mismatches, result: {} };
});
