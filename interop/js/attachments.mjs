// Checks reduct-js attachment and lifecycle calls against what Reduct.Client made, and makes some
// for Reduct.Client to read back.
//
//   node attachments.mjs --url http://127.0.0.1:8383 --token my-token --bucket shared
//
// Expects in --bucket: attachments of "cs-entry" (calibration, name) and of "cs-doomed", and the
// lifecycle policy "cs-policy", all made by Reduct.Client. Reads and checks them, writes attachments
// to "js-entry", removes every attachment of "cs-doomed", creates the policy "js-policy".
// Prints {"attachments":{...},"policy":{...},"mismatches":[...]} on stdout; exit code 1 on a mismatch.
import { Client } from "reduct-js";
import { Mismatches } from "./lib/mismatches.mjs";
import { readBucketOptions } from "./lib/options.mjs";
import { run } from "./lib/run.mjs";

const FROM_CSHARP = { calibration: { gain: 2.5, offsets: [1, -1] }, name: "front" };
const FROM_JS = { schema: { fields: ["t", "v"], version: 2 }, note: "written by reduct-js" };

await run(async () => {
  const options = readBucketOptions();
  const client = new Client(options.url, { apiToken: options.token });
  const mismatches = new Mismatches();
  const check = (subject, field, expected, actual) => mismatches.check("attachments", subject, field, expected, actual);
  const bucket = await client.getBucket(options.bucket);

  const attachments = await bucket.readAttachments("cs-entry");
  check("cs-entry", "attachments", JSON.stringify(FROM_CSHARP), JSON.stringify(attachments, Object.keys(attachments).sort().concat(["gain", "offsets"])));

  await bucket.writeAttachments("js-entry", FROM_JS);
  await bucket.removeAttachments("cs-doomed");
  check("cs-doomed", "attachments after removing all", "{}", JSON.stringify(await bucket.readAttachments("cs-doomed")));

  const policy = await client.getLifecycle("cs-policy");
  check("cs-policy", "type", "delete", policy.info.type);
  check("cs-policy", "mode", "dry_run", policy.settings.mode);
  check("cs-policy", "older_than", "30d", policy.settings.olderThan);
  check("cs-policy", "interval", "90m", policy.settings.interval);
  check("cs-policy", "entries", JSON.stringify(["cam-*"]), JSON.stringify(policy.settings.entries));
  check("cs-policy", "when", JSON.stringify({ "&quality": { $lt: 5 } }), JSON.stringify(policy.settings.when));

  await client.createLifecycle("js-policy", { bucket: options.bucket, olderThan: "7d", interval: "15m", entries: ["js-*"], mode: "disabled" });

  return { mismatches, result: { attachments, policy: policy.settings } };
});
