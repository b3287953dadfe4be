/**
 * `npm run bench`: how fast the suite's own request path is against plain fetch, on the sandbox,
 * over loopback, in one run. Prints a table and writes reports/bench.json (shape fixed by
 * docs/interface.md: runs[] with concurrency, suiteRps, fetchRps, ratio; the rest is extra).
 *
 *   npm run bench                              the comparison at concurrency 1 and 8 (< 60 s)
 *   npm run bench -- --scale 100000            N cases through the suite path, RSS at checkpoints
 *   npm run bench -- --shards 4 --runs 5000    only the shard balance of the conformance plan
 *   options: --sandbox child|inline  --rounds 8  --round-ms 600  --public  --without zone  --out FILE
 *   (--public adds a mode: @playwright/test request.newContext(), the naive loop;
 *    --without zone adds one: the suite path without its private shortcut, each exchange as plain
 *    client calls instead of one internal API call (suite/http/quiet-request.ts). Outside a test
 *    that costs stacks, not report steps: tests/unit/bench/bench.spec.ts measures it in the runner)
 *
 * A plain tsx script rather than a Playwright test: outside a test no call is a report step, so this
 * measures the client itself; tests/unit/bench/bench.spec.ts repeats the comparison inside a test,
 * where report steps exist, and that is where the private shortcut earns its place (README,
 * "Throughput and scale").
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { reportDir } from '../suite/config/env';
import { fetchToken } from '../suite/http/client';
import { newQuietRequestContext, playwrightVersions, type QuietContextOptions } from '../suite/http/quiet-request';
import { CaseCursor, cpuPerRequest, interleave, median, rps, type ModeRounds } from './measure';
import { generationRate, validationRate } from './rates';
import { CHILD_FLAG, hostSandbox, runSandboxChild, type SandboxMode } from './sandbox-host';
import { runScale } from './scale';
import { plannedTests, shardLoads } from './shards';
import { beforePath, casePool, fetchPath, publicContextPath, suitePath } from './workload';

/** A bad command line: printed as one line, exit code 2 (like the suite's own configuration errors). */
class UsageError extends Error {}

/** The suite's private Playwright shortcuts that `--without` can leave out (see suite/http/quiet-request.ts). */
const SHORTCUTS = ['zone'] as const;
type Shortcut = (typeof SHORTCUTS)[number];

interface Options {
  scale: number | null;
  scaleConcurrency: number;
  sandbox: SandboxMode;
  rounds: number;
  roundMs: number;
  publicContext: boolean;
  /** Private shortcuts to measure without, each as an extra mode beside the suite path. */
  without: Shortcut[];
  shards: number;
  shardRuns: number;
  shardsOnly: boolean;
  out: string;
}

function parseArgs(argv: readonly string[]): Options {
  const options: Options = {
    scale: null,
    scaleConcurrency: 8,
    sandbox: 'child',
    rounds: 8,
    roundMs: 600,
    publicContext: false,
    without: [],
    shards: 4,
    shardRuns: 5000,
    shardsOnly: false,
    out: path.join(reportDir(), 'bench.json'),
  };
  const positive = (flag: string, value: string | undefined): number => {
    const n = Number(value);
    if (!Number.isInteger(n) || n < 1) throw new UsageError(`${flag} needs a whole number ≥ 1, got "${value ?? ''}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, undefined];
    const value = (): string | undefined => inline ?? argv[++i];
    if (flag === '--scale') options.scale = positive(flag, value());
    else if (flag === '--concurrency') options.scaleConcurrency = positive(flag, value());
    else if (flag === '--sandbox') {
      const mode = value();
      if (mode !== 'child' && mode !== 'inline')
        throw new UsageError(`--sandbox is child or inline, got "${mode ?? ''}"`);
      options.sandbox = mode;
    } else if (flag === '--rounds') options.rounds = positive(flag, value());
    else if (flag === '--round-ms') options.roundMs = positive(flag, value());
    else if (flag === '--public') options.publicContext = true;
    else if (flag === '--without') {
      for (const name of (value() ?? '').split(',')) {
        if (!(SHORTCUTS as readonly string[]).includes(name))
          throw new UsageError(`--without takes ${SHORTCUTS.join(', ')} (comma-separated), got "${name}"`);
        if (!options.without.includes(name as Shortcut)) options.without.push(name as Shortcut);
      }
    } else if (flag === '--shards') {
      options.shards = positive(flag, value());
      options.shardsOnly = true;
    } else if (flag === '--runs') options.shardRuns = positive(flag, value());
    else if (flag === '--out') options.out = value() ?? options.out;
    else throw new UsageError(`unknown option ${arg} (see the header of bench/bench.ts)`);
  }
  return options;
}

/** The suite path's variants that `--without` adds, each a mode of its own. */
function variantsFor(without: readonly Shortcut[]): Array<{ name: string; quiet: QuietContextOptions }> {
  const list: Array<{ name: string; quiet: QuietContextOptions }> = [];
  if (without.includes('zone')) list.push({ name: 'suite without zone', quiet: { zone: false } });
  return list;
}

function environment(mode: SandboxMode): Record<string, unknown> {
  const gitCommit = ((): string | null => {
    try {
      return execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'ignore'],
      }).trim();
    } catch {
      return null;
    }
  })();
  return {
    node: process.version,
    playwright: playwrightVersions().installed,
    playwrightPinned: playwrightVersions().pinned,
    platform: `${os.platform()} ${os.release()} ${os.arch()}`,
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? null,
    totalMemMB: Math.round(os.totalmem() / 1024 / 1024),
    // A shared machine makes requests per second noisy; the load average says how shared it was.
    loadavgAtStart: os.loadavg().map((x) => Math.round(x * 100) / 100),
    gitCommit,
    sandbox: mode,
  };
}

const fmt = (n: number, digits = 0): string => (Number.isFinite(n) ? n.toFixed(digits) : '–');
const pad = (s: string, n: number): string => s.padStart(n);

function printShards(runs: number, total: number): ReturnType<typeof shardLoads> {
  const tests = plannedTests(runs);
  const loads = shardLoads(tests, total);
  console.log(
    `\nshard balance, CONFORMANCE_RUNS=${runs}: ${tests.length} tests, ${tests.reduce((s, t) => s + t.cases, 0)} cases (Playwright splits by test count, fullyParallel)`,
  );
  for (const l of loads)
    console.log(
      `  --shard=${l.shard}/${total}: ${pad(String(l.tests), 4)} tests ${pad(String(l.cases), 7)} cases  ${fmt(l.relative, 2)}× mean`,
    );
  return loads;
}

async function main(): Promise<void> {
  if (process.argv.includes(CHILD_FLAG)) return runSandboxChild();
  const options = parseArgs(process.argv.slice(2));
  const started = new Date();
  if (options.shardsOnly && options.scale === null) {
    printShards(options.shardRuns, options.shards);
    return;
  }

  const env = environment(options.sandbox);
  const sandbox = await hostSandbox(options.sandbox);
  const ctx = await newQuietRequestContext();
  // One context per variant without a shortcut, so that every mode runs interleaved in the same rounds.
  const variants = await Promise.all(
    variantsFor(options.without).map(async (v) => ({ ...v, ctx: await newQuietRequestContext({}, v.quiet) })),
  );
  try {
    const token = await fetchToken(ctx, {
      authUrl: sandbox.authUrl,
      clientId: sandbox.clientId,
      clientSecret: sandbox.clientSecret,
      timeoutMs: 5_000,
    });

    if (options.scale !== null) {
      console.log(
        `scale: ${options.scale} cases through the suite path, concurrency ${options.scaleConcurrency}, sandbox ${options.sandbox} (load average ${os
          .loadavg()
          .map((x) => x.toFixed(2))
          .join(' ')})`,
      );
      const result = await runScale(ctx, sandbox, token, options.scale, options.scaleConcurrency, (line) =>
        console.log(line),
      );
      const out = options.out.replace(/\.json$/, '-scale.json');
      fs.mkdirSync(path.dirname(out), { recursive: true });
      fs.writeFileSync(
        out,
        `${JSON.stringify({ ...result, environment: env, startedAt: started.toISOString(), durationMs: Date.now() - started.getTime() }, null, 2)}\n`,
      );
      console.log(`violations against the reference sandbox: ${result.violations}\nwrote ${out}`);
      return;
    }

    const pool = casePool(42);
    const runs = [];
    let sample: Awaited<ReturnType<typeof suitePath>>['sample'] = [];
    let violations = new Map<string, number>();
    let judged = 0;
    for (const concurrency of [1, 8]) {
      const suite = suitePath(ctx, sandbox, token, concurrency, concurrency === 1 ? pool.length : 0);
      const publicPath = options.publicContext ? await publicContextPath(sandbox, token) : null;
      const modes: ModeRounds[] = [
        { name: 'suite', send: suite.send, cursor: new CaseCursor(pool), rounds: [] },
        { name: 'fetch', send: fetchPath(sandbox, token), cursor: new CaseCursor(pool), rounds: [] },
        { name: 'before', send: beforePath(ctx, sandbox, token), cursor: new CaseCursor(pool), rounds: [] },
        ...(publicPath ? [{ name: 'public', send: publicPath.send, cursor: new CaseCursor(pool), rounds: [] }] : []),
      ];
      const variantModes: ModeRounds[] = variants.map((v) => ({
        name: v.name,
        send: suitePath(v.ctx, sandbox, token, concurrency).send,
        cursor: new CaseCursor(pool),
        rounds: [],
      }));
      modes.push(...variantModes);
      console.log(
        `concurrency ${concurrency}: ${options.rounds} rounds × ${modes.length} modes × ${options.roundMs} ms …`,
      );
      await interleave(modes, concurrency, options.rounds, options.roundMs, Math.min(500, options.roundMs));
      await publicPath?.dispose();
      const byName = (name: string): ModeRounds | undefined => modes.find((m) => m.name === name);
      const [s, f, b, p] = [byName('suite'), byName('fetch'), byName('before'), byName('public')] as [
        ModeRounds,
        ModeRounds,
        ModeRounds,
        ModeRounds | undefined,
      ];
      const ratios = s.rounds.map((r, i) => rps(r) / rps(f.rounds[i] ?? r));
      runs.push({
        concurrency,
        suiteRps: Math.round(median(s.rounds.map(rps))),
        fetchRps: Math.round(median(f.rounds.map(rps))),
        // Median of per-round ratios: each compares rounds run back to back on the same machine state.
        ratio: Math.round(median(ratios) * 100) / 100,
        ratioRange: [Math.round(Math.min(...ratios) * 100) / 100, Math.round(Math.max(...ratios) * 100) / 100],
        // Client CPU per request, median over rounds and in the least disturbed round (the minimum:
        // other load on a shared machine only ever adds to it, through cache and core contention).
        suiteCpuUsPerRequest: Math.round(median(s.rounds.map(cpuPerRequest))),
        fetchCpuUsPerRequest: Math.round(median(f.rounds.map(cpuPerRequest))),
        suiteCpuUsPerRequestMin: Math.round(Math.min(...s.rounds.map(cpuPerRequest))),
        fetchCpuUsPerRequestMin: Math.round(Math.min(...f.rounds.map(cpuPerRequest))),
        // fetch's least client CPU per request over the suite's: the throughput ratio when the client
        // is the bottleneck, and steadier on a shared machine than the rps ratio.
        cpuRatio:
          Math.round((Math.min(...f.rounds.map(cpuPerRequest)) / Math.min(...s.rounds.map(cpuPerRequest))) * 100) / 100,
        // The same path before this bench's changes to suite/http, measured in the same rounds.
        beforeRps: Math.round(median(b.rounds.map(rps))),
        beforeRatio: Math.round(median(b.rounds.map((r, i) => rps(r) / rps(f.rounds[i] ?? r))) * 100) / 100,
        beforeCpuUsPerRequest: Math.round(median(b.rounds.map(cpuPerRequest))),
        beforeCpuUsPerRequestMin: Math.round(Math.min(...b.rounds.map(cpuPerRequest))),
        publicContextRps: p ? Math.round(median(p.rounds.map(rps))) : null,
        publicContextCpuUsPerRequest: p ? Math.round(median(p.rounds.map(cpuPerRequest))) : null,
        // The suite path without a private shortcut (--without), against fetch in the same rounds.
        without: Object.fromEntries(
          variantModes.map((m) => {
            const vr = m.rounds.map((r, i) => rps(r) / rps(f.rounds[i] ?? r));
            return [
              m.name,
              {
                rps: Math.round(median(m.rounds.map(rps))),
                ratio: Math.round(median(vr) * 100) / 100,
                ratioRange: [Math.round(Math.min(...vr) * 100) / 100, Math.round(Math.max(...vr) * 100) / 100],
                cpuUsPerRequestMin: Math.round(Math.min(...m.rounds.map(cpuPerRequest))),
              },
            ];
          }),
        ),
        rounds: Object.fromEntries(
          modes.map((m) => [
            m.name,
            m.rounds.map((r) => ({ rps: Math.round(rps(r)), cpuUsPerRequest: Math.round(cpuPerRequest(r)) })),
          ]),
        ),
      });
      if (concurrency === 1) sample = suite.sample;
      for (const [check, n] of suite.violations) violations.set(check, (violations.get(check) ?? 0) + n);
      judged += suite.stats.cases;
    }
    violations = new Map([...violations].sort());

    console.log('generation and validation rates …');
    const generation = generationRate();
    const validation = validationRate(sample);
    const shards = printShards(options.shardRuns, options.shards);

    console.log(
      '\n concurrency | suite rps | fetch rps | suite/fetch (range) | before rps (ratio) | public ctx rps | client CPU µs/req, min: suite | fetch | before | CPU ratio',
    );
    console.log(
      ' ------------|-----------|-----------|---------------------|--------------------|----------------|-------------------------------|-------|--------|----------',
    );
    for (const r of runs) {
      console.log(
        ` ${pad(String(r.concurrency), 11)} | ${pad(String(r.suiteRps), 9)} | ${pad(String(r.fetchRps), 9)} | ${pad(`${fmt(r.ratio, 2)} (${fmt(r.ratioRange[0] ?? NaN, 2)}–${fmt(r.ratioRange[1] ?? NaN, 2)})`, 19)} | ${pad(`${r.beforeRps} (${fmt(r.beforeRatio, 2)})`, 18)} | ${pad(r.publicContextRps === null ? '–' : String(r.publicContextRps), 14)} | ${pad(String(r.suiteCpuUsPerRequestMin), 29)} | ${pad(String(r.fetchCpuUsPerRequestMin), 5)} | ${pad(String(r.beforeCpuUsPerRequestMin), 6)} | ${pad(fmt(r.cpuRatio, 2), 9)}`,
      );
    }
    for (const r of runs) {
      for (const [name, v] of Object.entries(r.without))
        console.log(
          ` ${pad(String(r.concurrency), 11)} | ${name}: ${v.rps} rps, ratio ${fmt(v.ratio, 2)} (${fmt(v.ratioRange[0] ?? NaN, 2)}–${fmt(v.ratioRange[1] ?? NaN, 2)}), client CPU ${v.cpuUsPerRequestMin} µs/req`,
        );
    }
    console.log(
      `\n generation: ${fmt(generation.casesPerSecond)} cases/s (valid ${fmt(generation.validPerSecond)}/s, invalid ${fmt(generation.invalidPerSecond)}/s)`,
    );
    console.log(
      ` validation: ${fmt(validation.responsesPerSecond)} response bodies/s, ${fmt(validation.requestsPerSecond)} request bodies/s; judge() with every check: ${fmt(validation.judgementsPerSecond)} exchanges/s`,
    );
    const violationText = violations.size === 0 ? 'none' : [...violations].map(([c, n]) => `${c} ×${n}`).join(', ');
    console.log(` suite path judged ${judged} exchanges against the reference sandbox; violations: ${violationText}`);
    const loadavgAtEnd = os.loadavg().map((x) => Math.round(x * 100) / 100);
    console.log(
      ` load average start ${(env.loadavgAtStart as number[]).join(' ')}, end ${loadavgAtEnd.join(' ')} on ${env.cpus as number} CPUs; sandbox: ${options.sandbox}`,
    );

    const report = {
      runs,
      generationRate: Math.round(generation.casesPerSecond),
      validationRate: Math.round(validation.responsesPerSecond),
      details: {
        generation: {
          valid: Math.round(generation.validPerSecond),
          invalid: Math.round(generation.invalidPerSecond),
          unit: 'cases/s (fc.sample + request text)',
        },
        validation: {
          responseBodies: Math.round(validation.responsesPerSecond),
          requestBodies: Math.round(validation.requestsPerSecond),
          judgements: Math.round(validation.judgementsPerSecond),
          unit: 'per second',
        },
        suiteCheck: { exchanges: judged, violations: Object.fromEntries(violations) },
        shards: { runs: options.shardRuns, total: options.shards, loads: shards },
      },
      settings: {
        rounds: options.rounds,
        roundMs: options.roundMs,
        casePool: pool.length,
        without: options.without,
        modes: {
          suite: 'ApiClient + sendCase + judge (quiet APIRequestContext, one internal API call per exchange)',
          'suite without zone': 'the same, each exchange as plain client calls (--without zone)',
          fetch: 'global fetch, same bytes and headers, body read, no checks',
          before: 'the suite path as of 10cfe53: string body, fetch + body + dispose as three API calls, judge()',
          public: '@playwright/test request.newContext(), string data, fetch + text + dispose, no checks',
        },
      },
      environment: { ...env, loadavgAtEnd },
      startedAt: started.toISOString(),
      durationMs: Date.now() - started.getTime(),
    };
    fs.mkdirSync(path.dirname(options.out), { recursive: true });
    fs.writeFileSync(options.out, `${JSON.stringify(report, null, 2)}\n`);
    console.log(`\nwrote ${options.out} in ${((Date.now() - started.getTime()) / 1000).toFixed(1)} s`);
  } finally {
    await ctx.dispose();
    for (const v of variants) await v.ctx.dispose();
    await sandbox.close();
  }
}

main().catch((error: unknown) => {
  if (error instanceof UsageError) {
    console.error(`bench: ${error.message}`);
    process.exitCode = 2;
    return;
  }
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exitCode = 1;
});
