/**
 * Puts the coverage grid, and what the target sent beyond the contract, at the top of Playwright's
 * HTML report.
 *
 * Why not config.metadata: the report (1.5x+) shows only git and CI metadata unless the URL carries
 * `show-metadata-other`, and then collapsed, as one line per key. Why after the fact: the html
 * reporter empties its folder when its onEnd starts, so anything written earlier is lost; reporters'
 * onExit runs after every onEnd, so this is called from there. The block is static HTML placed
 * before the single-page app's root element: the app never touches it.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FullConfig } from '@playwright/test/reporter';
import { reportDir } from '../suite/config/env';
import { gridHtml, type CellLinks } from './coverage-grid';
import type { ConformanceSummary } from './summary';

const ROOT_ELEMENT = /<div id=['"]root['"]><\/div>/;
const PREVIOUS_BLOCK = /<section id="conformance-summary">[\s\S]*?<\/section>/;

/** The folder the html reporter of this run writes to, or null when the run has none (sharded: blob). */
export function htmlReportFolder(config: FullConfig | null): string | null {
  const entry = config?.reporter.find(([name]) => name === 'html');
  if (config && !entry) return null;
  const fromEnv = process.env.PLAYWRIGHT_HTML_OUTPUT_DIR?.trim();
  if (fromEnv) return path.resolve(fromEnv);
  const options = (entry?.[1] ?? {}) as { outputFolder?: unknown };
  const configDir = config?.configFile ? path.dirname(config.configFile) : process.cwd();
  return typeof options.outputFolder === 'string'
    ? path.resolve(configDir, options.outputFolder)
    : path.join(reportDir(), 'html');
}

export type InjectOutcome = 'injected' | 'no-report' | 'no-root-element';

/** Inserts (or replaces) the grid block in `<folder>/index.html`. */
export function injectSummary(folder: string, summary: ConformanceSummary, links: CellLinks): InjectOutcome {
  const file = path.join(folder, 'index.html');
  if (!fs.existsSync(file)) return 'no-report';
  const html = fs.readFileSync(file, 'utf8').replace(PREVIOUS_BLOCK, '');
  if (!ROOT_ELEMENT.test(html)) return 'no-root-element';
  // A replacer function, so `$&`-like sequences in the grid (replay commands hold `$`) stay literal.
  fs.writeFileSync(
    file,
    html.replace(ROOT_ELEMENT, (root) => `${gridHtml(summary, links)}\n${root}`),
  );
  return 'injected';
}
