// Replication tasks between reduct-js and Reduct.Client: one SDK creates a task, the other reads it.
//
//   node replication.mjs --url http://127.0.0.1:8383 --token my-token --bucket gateway
//        --dst-host http://127.0.0.1:9000 --dst-bucket central --read from-csharp
//
// Creates the task "from-js" (entries ["sensor-*"], when {"&unit":{"$eq":"cm"}}, paused) with --bucket as its
// source; reads the task --read that Reduct.Client created and reports what reduct-js sees; then updates that
// task (destination bucket "<dst-bucket>-js", entries ["camera"]) and sets it to disabled.
// Prints {"created","read":{...},"names":[...],"mismatches":[]} on stdout.
import { Client } from "reduct-js";
import { Mismatches } from "./lib/mismatches.mjs";
import { readOptions, UsageError } from "./lib/options.mjs";
import { run } from "./lib/run.mjs";

await run(async () => {
  const options = readOptions({ "dst-host": { type: "string" }, "dst-bucket": { type: "string" }, read: { type: "string" } });
  if (!options.bucket || !options["dst-host"] || !options["dst-bucket"] || !options.read) {
    throw new UsageError("--bucket, --dst-host, --dst-bucket and --read are required");
  }

  const client = new Client(options.url, { apiToken: options.token });
  const mismatches = new Mismatches();

  await client.createReplication("from-js", {
    srcBucket: options.bucket,
    dstBucket: options["dst-bucket"],
    dstHost: options["dst-host"],
    dstToken: "js-destination-token",
    entries: ["sensor-*"],
    when: { "&unit": { $eq: "cm" } },
    mode: "paused",
  });

  const read = await client.getReplication(options.read);
  mismatches.check("replication", options.read, "token is never returned", undefined, read.settings.dstToken ?? undefined);

  await client.updateReplication(options.read, {
    ...read.settings,
    dstBucket: `${options["dst-bucket"]}-js`,
    entries: ["camera"],
  });
  await client.setReplicationMode(options.read, "disabled");
  const names = (await client.getReplicationList()).map((task) => task.name).sort();

  return {
    mismatches,
    result: {
      created: "from-js",
      read: {
        name: read.info.name,
        mode: read.info.mode,
        isActive: read.info.isActive,
        pendingRecords: read.info.pendingRecords,
        srcBucket: read.settings.srcBucket,
        dstBucket: read.settings.dstBucket,
        dstHost: read.settings.dstHost,
        entries: read.settings.entries,
        when: JSON.stringify(read.settings.when),
        settingsMode: read.settings.mode,
        ok: read.diagnostics.hourly.ok,
      },
      names,
    },
  };
});
