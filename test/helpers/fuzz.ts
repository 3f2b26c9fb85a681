import fc from 'fast-check';

/**
 * The fuzzers' seed: FUZZ_SEED replays a run (a failure prints the seed and the shrunk
 * case), otherwise a fixed one, so CI runs the same cases every time.
 */
export function fuzzSeed(suite: string): number {
  const given = process.env.FUZZ_SEED;
  const seed = given === undefined || given === '' ? 20_261_302 : Number(given);
  if (!Number.isInteger(seed)) throw new Error(`FUZZ_SEED must be an integer, not ${JSON.stringify(given)}`);
  console.log(`${suite}: fast-check seed ${seed} (replay with FUZZ_SEED=${seed})`);
  return seed;
}

/**
 * fast-check's parameters for a suite: the seed, the number of cases, and a report cut to a
 * readable length (a counterexample may hold a 300,000-character string). The report keeps
 * the seed and path, so FUZZ_SEED replays it.
 */
export function fuzzParameters<T>(seed: number, numRuns: number): fc.Parameters<T> {
  return {
    seed,
    numRuns,
    endOnFailure: true,
    asyncReporter: async (details) => {
      if (!details.failed) return;
      const cause = details.errorInstance instanceof Error ? (details.errorInstance.stack ?? details.errorInstance.message).split('\n').slice(0, 8).join('\n') : String(details.errorInstance);
      let message: string;
      try {
        message = fc.defaultReportMessage(details) ?? 'failed';
      } catch {
        // A counterexample nested too deeply for fast-check to print: the seed and path still replay it.
        message = `Property failed after ${details.numRuns} tests\n{ seed: ${details.seed}, path: "${details.counterexamplePath}" } (the counterexample nests too deeply to print)`;
      }
      const report = `${message}\nCaused by: ${cause}`;
      throw new Error(report.length > 6_000 ? `${report.slice(0, 3_000)}\n[… ${report.length - 6_000} characters left out …]\n${report.slice(-3_000)}` : report);
    },
  };
}

/** Keys that mean something to every JS object: as data they must stay data. */
export const prototypeKeys = ['__proto__', 'constructor', 'prototype', 'toString', 'valueOf', 'hasOwnProperty', '__defineGetter__', 'then'] as const;

const hugeString = fc.constantFrom('x'.repeat(10_001), '💥'.repeat(70_000), 'a'.repeat(300_000));

/** Strings a client may send: empty, spaces, control characters, every kind of unicode, prototype keys, very long. */
export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: fc.string({ maxLength: 40 }) },
  { weight: 6, arbitrary: fc.string({ unit: 'grapheme', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: fc.constantFrom('', ' ', '\u0000', '\u202e', '\ud800', '%', '%zz', '../../etc/passwd', '<script>', 'NaN', '-1', '1e999', '☕拿铁🐈‍⬛') },
  { weight: 1, arbitrary: fc.constantFrom(...prototypeKeys) },
  { weight: 1, arbitrary: hugeString },
);

/** Numbers of every awkward kind (JSON.stringify turns NaN and the infinities into null). */
export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.integer(),
  fc.double(),
  fc.constantFrom(-1, 0, -0, 2 ** 53, 2 ** 64, Number.MAX_VALUE, Number.MIN_VALUE, 0.5, NaN, Infinity, -Infinity),
);

/** Any JSON value, with hostile strings and numbers in it. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 5 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom(...prototypeKeys)), tie('value'), { maxKeys: 5 }),
  ),
})).value;

/** Wraps a value in `depth` arrays or objects: far past what a stack can recurse through. */
export const deeplyNested: fc.Arbitrary<unknown> = fc
  .tuple(fc.integer({ min: 65, max: 5_000 }), fc.boolean(), hostileJson)
  .map(([depth, asArrays, inner]) => {
    let value = inner;
    for (let i = 0; i < depth; i++) value = asArrays ? [value] : { a: value };
    return value;
  });

/** A value where a field of a known type is expected: the wrong type, hostile, deep, or absent. */
export const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 4, arbitrary: hostileJson },
  { weight: 1, arbitrary: deeplyNested },
  { weight: 1, arbitrary: fc.constant(undefined) },
);

/** An own property, even for "__proto__" (an assignment would set the prototype instead). */
function withOwn(target: Record<string, unknown>, key: string, value: unknown) {
  Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
  return target;
}

type Shape = Record<string, fc.Arbitrary<unknown>>;

/**
 * An object of the expected shape, with hostile mutations: each field mostly valid, sometimes
 * a hostile value, sometimes missing; sometimes an extra field, a prototype key among them.
 */
export function shaped(fields: Shape): fc.Arbitrary<Record<string, unknown>> {
  const entries = Object.entries(fields).map(([key, valid]) =>
    fc.oneof({ weight: 5, arbitrary: valid.map((v) => ({ key, v })) }, { weight: 1, arbitrary: hostileValue.map((v) => ({ key, v })) }, { weight: 1, arbitrary: fc.constant(undefined) }),
  );
  const extra = fc.option(fc.tuple(fc.oneof(fc.constantFrom(...prototypeKeys), hostileString), hostileValue), { freq: 4 });
  return fc.tuple(fc.tuple(...entries), extra).map(([present, more]) => {
    const out: Record<string, unknown> = {};
    for (const field of present) if (field && field.v !== undefined) withOwn(out, field.key, field.v);
    if (more) withOwn(out, more[0], more[1]);
    return out;
  });
}

/** A payload for an event or a body: mostly the expected shape, else anything at all (or nothing). */
export function payloadOf(fields: Shape): fc.Arbitrary<unknown> {
  return fc.oneof({ weight: 6, arbitrary: shaped(fields) }, { weight: 2, arbitrary: hostileValue }, { weight: 1, arbitrary: fc.constantFrom(undefined, null) });
}

/**
 * JSON text for an HTTP body: the value as JSON, sometimes with a bare NaN or Infinity where a
 * number stood (not JSON), 1e999 (JSON, but Infinity once parsed), or cut short; sometimes no JSON at all.
 */
export function jsonText(value: fc.Arbitrary<unknown>): fc.Arbitrary<string | undefined> {
  const text = value.map((v) => {
    try {
      return JSON.stringify(v) ?? '';
    } catch {
      return '"unserializable"';
    }
  });
  return fc.oneof(
    { weight: 8, arbitrary: text },
    { weight: 1, arbitrary: fc.tuple(text, fc.constantFrom('NaN', 'Infinity', '-Infinity', '1e999', '-1e999', '1e-400')).map(([t, n]) => t.replace(/-?\d+(\.\d+)?(e[+-]?\d+)?/, n)) },
    { weight: 1, arbitrary: fc.tuple(text, fc.nat()).map(([t, n]) => t.slice(0, n % (t.length + 1))) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, '', 'null', '{', '[1,]', '{"a":1}}', '\u0000', 'undefined', "{'a':1}") },
  );
}

/** URL-encodes any string: a lone surrogate (which encodeURIComponent refuses) is left out. */
const encode = (s: string) => encodeURIComponent(s.replace(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, ''));

/** A path segment or query value: a known good value, or hostile text URL-encoded, or raw broken escapes (never "..", which the URL resolves to another route). */
export function urlPart(valid: fc.Arbitrary<string>): fc.Arbitrary<string> {
  return fc.oneof(
    { weight: 6, arbitrary: valid.map(encode) },
    { weight: 2, arbitrary: hostileString.map((s) => encode(s.slice(0, 2_000))) },
    { weight: 1, arbitrary: fc.constantFrom('%', '%zz', '%E0%A4%A', '%00', '%F0%9F%92', '__proto__', 'constructor') },
  );
}

/** A query string from a few known keys (and stray ones), each value hostile or valid. */
export function queryOf(fields: Record<string, fc.Arbitrary<string>>): fc.Arbitrary<string> {
  const keys = Object.keys(fields);
  const pair = fc.oneof(
    { weight: 4, arbitrary: keys.length ? fc.constantFrom(...keys).chain((k) => urlPart(fields[k]!).map((v) => `${k}=${v}`)) : fc.constant('') },
    { weight: 1, arbitrary: fc.tuple(urlPart(fc.constantFrom(...prototypeKeys)), urlPart(fc.string())).map(([k, v]) => `${k}=${v}`) },
  );
  return fc.array(pair, { maxLength: 3 }).map((pairs) => (pairs.length ? `?${pairs.join('&')}` : ''));
}
