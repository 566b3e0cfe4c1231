// Collects differences between what a scenario expects and what a server or SDK returned.

export class Mismatches {
  constructor() {
    /** @type {{scenario: string, subject: string, field: string, expected: string, actual: string}[]} */
    this.items = [];
  }

  add(scenario, subject, field, expected, actual) {
    this.items.push({ scenario, subject, field, expected: String(expected), actual: String(actual) });
  }

  /** Records a difference when the two values are not identical. */
  check(scenario, subject, field, expected, actual) {
    if (expected !== actual) {
      this.add(scenario, subject, field, show(expected), show(actual));
    }
  }

  checkLabels(scenario, subject, expected, actual) {
    const names = new Set([...Object.keys(expected), ...Object.keys(actual)]);
    for (const name of [...names].sort()) {
      const want = expected[name];
      const got = actual[name] === undefined ? undefined : String(actual[name]);
      if (want !== got) {
        this.add(scenario, subject, `label '${name}'`, show(want), show(got));
      }
    }
  }

  checkBytes(scenario, subject, expected, actual) {
    if (expected.equals(actual)) {
      return;
    }
    if (expected.length !== actual.length) {
      this.add(scenario, subject, "body length", expected.length, actual.length);
    }
    const limit = Math.min(expected.length, actual.length);
    let index = 0;
    while (index < limit && expected[index] === actual[index]) {
      index++;
    }
    if (index < limit) {
      this.add(scenario, subject, `body byte ${index}`, hexAround(expected, index), hexAround(actual, index));
    }
  }

  get count() {
    return this.items.length;
  }

  /** One line per difference, naming the scenario, the record and the field. */
  format() {
    return this.items
      .map((item) => `MISMATCH [${item.scenario}] ${item.subject}: ${item.field}: expected ${item.expected}, actual ${item.actual}`)
      .join("\n");
  }
}

function show(value) {
  return value === undefined ? "(missing)" : JSON.stringify(value, (_, v) => (typeof v === "bigint" ? v.toString() : v));
}

function hexAround(bytes, index) {
  return bytes.subarray(index, index + 8).toString("hex") || "(end)";
}
