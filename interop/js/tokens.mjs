// Token management both ways: reads and uses a token Reduct.Client created, then creates and rotates one for
// Reduct.Client to read and use.
//
//   node tokens.mjs --url http://127.0.0.1:8383 --token my-token --bucket data \
//     --given-name from-csharp --given-secret-file given.txt --created-secret-file created.txt
//
// Reduct.Client has created --bucket (holding the record "seed" at RECORD_TS with the body "seed") and
// --bucket-w, and the token --given-name with read ["<bucket>", "<bucket>-*"], write ["<bucket>-*"] and a TTL of
// an hour, whose secret is the only line of --given-secret-file. The script creates "from-js" (read ["<bucket>"],
// write ["<bucket>-*"], TTL 600 s, allowlist 127.0.0.1), rotates it, and writes the first and the rotated secret,
// one a line, to --created-secret-file. Secrets go through files only, never through stdout.
// Prints {"mismatches":[...]} on stdout; exit code 1 on a mismatch.
import { readFileSync, writeFileSync } from "node:fs";
import { Client } from "reduct-js";
import { Mismatches } from "./lib/mismatches.mjs";
import { readBucketOptions } from "./lib/options.mjs";
import { expectApiError } from "./lib/expect-error.mjs";
import { run } from "./lib/run.mjs";

const RECORD_TS = 1700000000000000n;

await run(async () => {
  const options = readBucketOptions({
    "given-name": { type: "string" },
    "given-secret-file": { type: "string" },
    "created-secret-file": { type: "string" },
  });
  const admin = new Client(options.url, { apiToken: options.token });
  const mismatches = new Mismatches();
  const check = (subject, field, expected, actual) => mismatches.check("tokens", subject, field, expected, actual);
  const name = options.bucket;
  const givenName = options["given-name"];

  // The token Reduct.Client created, as reduct-js reads it.
  const given = await admin.getToken(givenName);
  check(`token ${givenName}`, "name", givenName, given.name);
  check(`token ${givenName}`, "full access", false, given.permissions?.fullAccess);
  check(`token ${givenName}`, "read", JSON.stringify([name, `${name}-*`]), JSON.stringify(given.permissions?.read));
  check(`token ${givenName}`, "write", JSON.stringify([`${name}-*`]), JSON.stringify(given.permissions?.write));
  check(`token ${givenName}`, "ttl", 3600, given.ttl);
  check(`token ${givenName}`, "is provisioned", false, given.isProvisioned);
  check(`token ${givenName}`, "is expired", false, given.isExpired);
  const listed = await admin.getTokenList();
  check("token list", `contains ${givenName}`, true, listed.some((token) => token.name === givenName));

  // ... and as reduct-js uses it: it reads the bucket, writes through the wildcard, and nothing else.
  const givenSecret = readFileSync(options["given-secret-file"], "utf8").trim();
  const user = new Client(options.url, { apiToken: givenSecret });
  check(`token ${givenName}`, "me", givenName, (await user.me()).name);
  const seed = await (await user.getBucket(name)).beginRead("seed", RECORD_TS);
  check(`token ${givenName} reads ${name}`, "body", "seed", (await seed.read()).toString());
  const writable = await (await user.getBucket(`${name}-w`)).beginWrite("from-js", RECORD_TS);
  await writable.write(Buffer.from("js"));
  await expectApiError(check, `token ${givenName} writes ${name}`,
    async () => (await (await user.getBucket(name)).beginWrite("e", RECORD_TS)).write(Buffer.from("x")),
    403, `Token '${givenName}' doesn't have write access to bucket '${name}'`);
  await expectApiError(check, `token ${givenName} lists tokens`, () => user.getTokenList(), 403,
    `Token '${givenName}' doesn't have full access`);

  // A token for Reduct.Client, created and rotated by reduct-js.
  const created = await admin.createToken("from-js", {
    permissions: { fullAccess: false, read: [name], write: [`${name}-*`] },
    ttl: 600,
    ipAllowlist: ["127.0.0.1"],
  });
  const rotated = await admin.rotateToken("from-js");
  check("token from-js", "rotation gives a new secret", true, rotated !== created);
  writeFileSync(options["created-secret-file"], `${created}\n${rotated}\n`, { mode: 0o600 });

  return { mismatches, result: {} };
});
