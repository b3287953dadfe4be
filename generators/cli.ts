/**
 * `npm run generate -- --method M --kind valid|invalid --count N --seed S [--rule R]`
 * Prints generated request cases as JSON Lines (interface.md):
 * `{"method","kind","rule","field","variant","contentType","body"}`, or `"raw"` instead of `"body"`
 * for raw-level cases. Bad arguments: a usage message naming the argument, exit 2.
 */
import { parseArgs } from 'node:util';
import fc from 'fast-check';
import {
  IDENTIFICATION_METHODS,
  isRawCase,
  type IdentificationMethod,
  type InvalidRule,
  type RequestCase,
} from './case';
import { INVALID_RULES, invalidCase, rulesFor, sampleCases, validCase } from './index';

const USAGE = `usage: npm run generate -- --method <${IDENTIFICATION_METHODS.join('|')}> --kind <valid|invalid> --count <N> --seed <S> [--rule <R>]
  --method  identification method
  --kind    valid or invalid requests
  --count   number of cases, an integer from 0 to 1000000
  --seed    fast-check seed, an integer from -2147483648 to 2147483647 (same seed, same output)
  --rule    with --kind invalid only: one rule of ${INVALID_RULES.join(', ')}`;

class UsageError extends Error {}

const fail = (argument: string, problem: string): never => {
  throw new UsageError(`generate: --${argument}: ${problem}`);
};

const integerArg = (name: string, text: string | undefined, min: number, max: number): number => {
  if (text === undefined) return fail(name, 'is required');
  if (!/^-?\d+$/.test(text)) return fail(name, `"${text}" is not an integer`);
  const n = Number(text);
  return n < min || n > max ? fail(name, `${text} is outside ${min}..${max}`) : n;
};

interface Options {
  method: IdentificationMethod;
  kind: 'valid' | 'invalid';
  count: number;
  seed: number;
  rule: InvalidRule | undefined;
}

const VALUE_OPTIONS = ['--method', '--kind', '--count', '--seed', '--rule'];

/**
 * `--seed -5` as `--seed=-5`: node's parseArgs takes a value starting with a dash for a missing
 * value, and negative seeds are common (fast-check prints them).
 */
const joinNegativeValues = (argv: readonly string[]): string[] => {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const next = argv[i + 1];
    if (VALUE_OPTIONS.includes(arg) && next !== undefined && /^-\d/.test(next)) {
      out.push(`${arg}=${next}`);
      i++;
    } else out.push(arg);
  }
  return out;
};

export const parseOptions = (argv: readonly string[]): Options | 'help' => {
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: joinNegativeValues(argv),
      strict: true,
      allowPositionals: false,
      options: {
        method: { type: 'string' },
        kind: { type: 'string' },
        count: { type: 'string' },
        seed: { type: 'string' },
        rule: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (e) {
    // node's messages name the option: "Unknown option '--foo'", "Option '--seed <value>' argument missing".
    throw new UsageError(`generate: ${(e as Error).message}`);
  }
  if (values.help === true) return 'help';
  const method = values.method;
  if (typeof method !== 'string') return fail('method', 'is required');
  if (!(IDENTIFICATION_METHODS as readonly string[]).includes(method))
    return fail('method', `"${method}" is not one of ${IDENTIFICATION_METHODS.join(', ')}`);
  const kind = values.kind;
  if (kind !== 'valid' && kind !== 'invalid')
    return fail('kind', kind === undefined ? 'is required' : `"${String(kind)}" is not valid or invalid`);
  const count = integerArg('count', values.count as string | undefined, 0, 1_000_000);
  const seed = integerArg('seed', values.seed as string | undefined, -2_147_483_648, 2_147_483_647);
  const ruleText = values.rule as string | undefined;
  let rule: InvalidRule | undefined;
  if (ruleText !== undefined) {
    if (kind !== 'invalid') return fail('rule', 'applies to --kind invalid only');
    if (!INVALID_RULES.includes(ruleText))
      return fail('rule', `"${ruleText}" is not one of ${INVALID_RULES.join(', ')}`);
    rule = ruleText;
    const applicable = rulesFor(method as IdentificationMethod);
    if (!applicable.includes(rule))
      return fail('rule', `"${rule}" does not apply to method ${method} (applicable: ${applicable.join(', ')})`);
  }
  return { method: method as IdentificationMethod, kind, count, seed, rule };
};

/** One JSON Lines record; key order fixed so that output is byte-for-byte reproducible. */
export const caseLine = (c: RequestCase): string => {
  const head = {
    method: c.method,
    kind: c.kind,
    rule: c.rule,
    field: c.field,
    variant: c.kind === 'invalid' ? c.variant : null,
    contentType: c.contentType,
  };
  return JSON.stringify(isRawCase(c) ? { ...head, raw: c.raw } : { ...head, body: c.body });
};

const arbitraryFor = (o: Options): fc.Arbitrary<RequestCase> =>
  o.kind === 'valid' ? validCase(o.method) : invalidCase(o.method, o.rule === undefined ? undefined : [o.rule]);

/** All lines at once (tests, small counts). */
export const generateLines = (o: Options): string[] =>
  sampleCases(arbitraryFor(o), { seed: o.seed, count: o.count }).map(caseLine);

/** A write that failed because the reader went away (`generate | head`): stop quietly, exit 0. */
class OutputClosed extends Error {}

/**
 * The same lines, streamed: fc.check draws the values of fc.sample with the same seed, in the same
 * order, one at a time, so a large count does not hold every case in memory. The property awaits
 * each write (backpressure) and stops at the first failed one; endOnFailure, since there is
 * nothing to shrink.
 */
export const streamLines = async (o: Options, write: (line: string) => Promise<void>): Promise<void> => {
  if (o.count === 0) return;
  const details = await fc.check(
    fc.asyncProperty(arbitraryFor(o), async (c) => {
      await write(caseLine(c));
    }),
    { seed: o.seed, numRuns: o.count, endOnFailure: true },
  );
  if (details.failed && !(details.errorInstance instanceof OutputClosed)) throw details.errorInstance;
};

const writeStdout = (line: string): Promise<void> =>
  new Promise((resolve, reject) => {
    process.stdout.write(`${line}\n`, (err) => (err ? reject(new OutputClosed(err.message)) : resolve()));
  });

const main = async (argv: readonly string[]): Promise<number> => {
  let options: Options | 'help';
  try {
    options = parseOptions(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`${e.message}\n${USAGE}\n`);
    return 2;
  }
  if (options === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return 0;
  }
  // EPIPE also arrives as an 'error' event; the failed write's callback already ends the stream.
  process.stdout.on('error', () => undefined);
  await streamLines(options, writeStdout);
  return 0;
};

// Run only as the entry point, so the unit tests can import parseOptions and caseLine.
if (process.argv[1] !== undefined && import.meta.filename === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
