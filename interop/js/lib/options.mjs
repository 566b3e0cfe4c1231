// Command-line and environment options shared by the scripts.
import { parseArgs } from "node:util";

export class UsageError extends Error {}

/**
 * Reads --url, --token and --bucket (or REDUCT_URL, REDUCT_API_TOKEN, REDUCT_BUCKET) plus the
 * script's own options.
 * @param {Record<string, {type: "string"|"boolean", multiple?: boolean}>} extra
 */
export function readOptions(extra = {}) {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        url: { type: "string" },
        token: { type: "string" },
        bucket: { type: "string" },
        ...extra,
      },
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new UsageError(error.message);
  }

  const url = parsed.url ?? process.env.REDUCT_URL;
  if (!url) {
    throw new UsageError("the server URL is required: --url http://127.0.0.1:8383 (or REDUCT_URL)");
  }

  return {
    ...parsed,
    // reduct-js appends "/api/v1" to the URL as given, so a trailing slash would double it.
    url: url.replace(/\/+$/, ""),
    token: parsed.token ?? process.env.REDUCT_API_TOKEN,
    bucket: parsed.bucket ?? process.env.REDUCT_BUCKET,
  };
}

/** Like readOptions, but the bucket is required. */
export function readBucketOptions(extra = {}) {
  const options = readOptions(extra);
  if (!options.bucket) {
    throw new UsageError("the bucket is required: --bucket NAME (or REDUCT_BUCKET)");
  }
  return options;
}
