// The shared scenario manifest (scenarios.json): the records both SDKs write and check.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

export const DEFAULT_CONTENT_TYPE = "application/octet-stream";

const manifestPath = fileURLToPath(new URL("../scenarios.json", import.meta.url));

/** The whole manifest: its scenarios and the queries over them. */
export function loadManifest() {
  const manifest = JSON.parse(readFileSync(manifestPath, "utf-8"));
  return { scenarios: manifest.scenarios, queries: manifest.queries ?? [] };
}

/** Every scenario of the manifest, in file order. */
export function loadScenarios() {
  return loadManifest().scenarios;
}

/**
 * The scenarios a run covers: the ones named with --scenario, or else every scenario the given
 * writer is listed for. Naming a scenario runs it even if the writer is not listed, so a known
 * issue can be reproduced on purpose.
 */
export function selectScenarios(names, writer) {
  const scenarios = loadScenarios();
  if (!names || names.length === 0) {
    return scenarios.filter((scenario) => scenario.writers.includes(writer));
  }

  return pickByName(scenarios, names, "scenario");
}

/** The named items of a manifest list, in the order named; an unknown name is an error that lists the known ones. */
function pickByName(items, names, kind) {
  return names.map((name) => {
    const item = items.find((candidate) => candidate.name === name);
    if (!item) {
      const known = items.map((candidate) => candidate.name).join(", ");
      throw new Error(`unknown ${kind} '${name}' (known: ${known})`);
    }
    return item;
  });
}

/** The bytes of a record body: base64, UTF-8 text, or the deterministic pattern. */
export function bodyBytes(body) {
  if (body.base64 !== undefined) {
    return Buffer.from(body.base64, "base64");
  }
  if (body.text !== undefined) {
    return Buffer.from(body.text, "utf-8");
  }
  if (body.pattern !== undefined) {
    return patternBytes(body.pattern.length, body.pattern.seed);
  }
  throw new Error(`a body needs base64, text or pattern: ${JSON.stringify(body)}`);
}

/**
 * Large bodies are described by a formula instead of being stored. The C# side implements the
 * same formula (InteropBody.Pattern); keep them identical.
 */
export function patternBytes(length, seed) {
  const bytes = Buffer.alloc(length);
  for (let i = 0; i < length; i++) {
    bytes[i] = (seed + i * 31 + (i >>> 8)) & 0xff;
  }
  return bytes;
}

/** The records a reader must find after the scenario ran: the existing ones plus every record that did not fail. */
export function expectedStoredRecords(scenario) {
  const failed = new Set((scenario.errors ?? []).map((error) => `${error.entry}@${error.ts}`));
  return [
    ...(scenario.existing ?? []),
    ...scenario.records.filter((record) => !failed.has(`${record.entry}@${record.ts}`)),
  ];
}

export function expectedContentType(record) {
  return record.contentType ?? DEFAULT_CONTENT_TYPE;
}

export function expectedLabels(record) {
  return record.labels ?? {};
}

/** The queries named with --query, or every query of the manifest. */
export function selectQueries(names) {
  const { queries } = loadManifest();
  if (!names || names.length === 0) {
    return queries;
  }

  return pickByName(queries, names, "query");
}

export function recordKey(record) {
  return `${record.entry}@${record.ts}`;
}

/**
 * The records a query must return, in the manifest's order: its expected keys looked up among the records its
 * scenario stores and the records the query writes once it runs (continuous queries).
 */
export function expectedQueryRecords(query) {
  const scenario = loadScenarios().find((candidate) => candidate.name === query.scenario);
  if (!scenario) {
    throw new Error(`query '${query.name}': unknown scenario '${query.scenario}'`);
  }
  const known = new Map([...expectedStoredRecords(scenario), ...(query.after ?? [])].map((record) => [recordKey(record), record]));
  return query.expected.map((key) => {
    const record = known.get(key);
    if (!record) {
      throw new Error(`query '${query.name}': expected record ${key} is neither stored by scenario '${scenario.name}' nor written after the query started`);
    }
    return record;
  });
}
