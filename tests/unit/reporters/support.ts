/**
 * Shared by the report-*.spec.ts tests: run the real `npm run conformance` entry point against the
 * embedded sandbox into a throw-away report folder, and read every byte it left behind, including
 * what hides in compressed form (the HTML report embeds its data as a base64 zip; a trace would be
 * a zip too).
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { chromium, type Browser } from '@playwright/test';
import { isolatedEnvironment } from '../../../suite/model/variables';
import { summaryErrors } from '../../../schemas/summary';

export const ROOT = path.join(import.meta.dirname, '..', '..', '..');

export interface SuiteRun {
  code: number;
  /** stdout and stderr interleaved as the user would see them. */
  console: string;
  reportDir: string;
  /** Playwright's outputDir for this run (playwright.config.ts names it after the report folder). */
  resultsDir: string;
  /** Removes the temporary report folder; tests call it once they passed, so a failure leaves it to inspect. */
  cleanup: () => void;
}

export interface SuiteRunInput {
  /** A unique name: it becomes the report folder's and the test-results folder's name. */
  name: string;
  /** The embedded sandbox's port; unset, the run takes one the OS reports free (as a user's run does). */
  port?: number;
  runs: number;
  faults?: string;
  seed?: number;
  args?: string[];
  env?: Record<string, string>;
}

/** Runs suite/cli/conformance.ts with a clean environment: no developer .env value can leak in. */
export async function runSuite(input: SuiteRunInput): Promise<SuiteRun> {
  const reportDir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'report-test-')), input.name);
  const resultsDir = path.join(ROOT, 'test-results', input.name);
  fs.rmSync(resultsDir, { recursive: true, force: true });
  const env: NodeJS.ProcessEnv = {};
  // Not the unit tests' own Playwright settings (this runs inside a Playwright worker), nor any suite
  // variable of the shell or a .env file.
  for (const [key, value] of Object.entries(isolatedEnvironment())) {
    if (!/^(PLAYWRIGHT_|PW_)/.test(key)) env[key] = value;
  }
  Object.assign(env, {
    CI: '1',
    FORCE_COLOR: '0',
    CONFORMANCE_REPORT_DIR: reportDir,
    CONFORMANCE_RUNS: String(input.runs),
    CONFORMANCE_SEED: String(input.seed ?? 1),
    ...(input.port === undefined ? {} : { SANDBOX_PORT: String(input.port) }),
    SANDBOX_FAULTS: input.faults ?? '',
    ...input.env,
  });
  const child = spawn(
    path.join(ROOT, 'node_modules', '.bin', 'tsx'),
    ['suite/cli/conformance.ts', ...(input.args ?? [])],
    { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const code = await new Promise<number>((resolve) => child.on('close', (status) => resolve(status ?? -1)));
  // Every summary a run writes (the reporter's, or the CLI's when the run could not start) must be
  // what schemas/conformance-summary.schema.json publishes.
  const summaryFile = path.join(reportDir, 'conformance.json');
  if (fs.existsSync(summaryFile)) {
    const broken = summaryErrors(JSON.parse(fs.readFileSync(summaryFile, 'utf8')) as unknown);
    if (broken.length > 0) throw new Error(`${input.name}: conformance.json breaks its schema:\n${broken.join('\n')}`);
  }
  return {
    code,
    console: output,
    reportDir,
    resultsDir,
    cleanup: () => fs.rmSync(path.dirname(reportDir), { recursive: true, force: true }),
  };
}

export function filesUnder(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath, e.name));
}

/** The entries of a zip archive, inflated (stored and deflate: what yazl and Playwright write). */
export function unzipEntries(zip: Buffer): Array<{ name: string; data: Buffer }> {
  // The end-of-central-directory record sits in the last 64 KiB + 22 bytes.
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd === -1) throw new Error('not a zip archive (no end of central directory)');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: Array<{ name: string; data: Buffer }> = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== 0x02014b50) throw new Error(`bad central directory entry ${i}`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localOffset = zip.readUInt32LE(offset + 42);
    const name = zip.subarray(offset + 46, offset + 46 + nameLength).toString('utf8');
    // Sizes in the local header may be zero (data descriptor): the central directory's are authoritative.
    const dataStart = localOffset + 30 + zip.readUInt16LE(localOffset + 26) + zip.readUInt16LE(localOffset + 28);
    const raw = zip.subarray(dataStart, dataStart + compressedSize);
    entries.push({ name, data: method === 0 ? raw : zlib.inflateRawSync(Buffer.from(raw)) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

const EMBEDDED_ZIP = /data:application\/zip;base64,([A-Za-z0-9+/=]+)/g;

/**
 * Every readable layer of a file: the bytes themselves, each entry of a zip file, and each zip the
 * HTML report embeds as base64 (which a plain byte search cannot see into).
 */
export function layersOf(file: string): Array<{ where: string; data: Buffer }> {
  const bytes = fs.readFileSync(file);
  const layers: Array<{ where: string; data: Buffer }> = [{ where: file, data: bytes }];
  const zips: Array<{ where: string; zip: Buffer }> = [];
  if (bytes.subarray(0, 4).equals(Buffer.from([0x50, 0x4b, 0x03, 0x04]))) zips.push({ where: file, zip: bytes });
  if (file.endsWith('.html')) {
    for (const match of bytes.toString('latin1').matchAll(EMBEDDED_ZIP))
      zips.push({ where: `${file} (embedded report data)`, zip: Buffer.from(match[1] ?? '', 'base64') });
  }
  for (const { where, zip } of zips) {
    for (const entry of unzipEntries(zip)) layers.push({ where: `${where} → ${entry.name}`, data: entry.data });
  }
  return layers;
}

/** Debian's chromium: the browser tests open the reports in it (never a Playwright download). */
export const CHROMIUM = '/usr/bin/chromium';

/** Why a browser test skips when CHROMIUM is absent. */
export const NO_CHROMIUM = (what: string): string =>
  `${CHROMIUM} is absent; install Debian's chromium (apt-get install -y chromium, as .ci/run does) to check ${what} in a real browser`;

/** Headless, and quiet: nothing of its own goes to the network, so a test sees only what the page loads. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
