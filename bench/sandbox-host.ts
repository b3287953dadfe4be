/**
 * Where the bench's sandbox runs. Both modes call startSandbox({ port: 0 }) from this code base.
 *  - `child` (default): in a forked copy of this Node process. The sandbox gets its own event loop
 *    and CPU, as in a real run (Playwright's webServer starts it as a separate process), and
 *    process.cpuUsage() of the bench then counts only the client side: CPU per request is the
 *    figure that stays meaningful on a shared, noisy CI machine where requests per second do not.
 *  - `inline`: on the bench's own event loop. The server's cost is then added to both paths, which
 *    pulls the suite/fetch ratio towards 1; kept to compare with, not as the default.
 * Either way without the sandbox's rare 1–2 s answers (slowEvery: 0): a lane waiting on one measures
 * the sandbox, not the client. Its other vendor habits (gzip, chunked, Connection: close) stay.
 */
import { fork, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { startSandbox, type RunningSandbox } from '../sandbox/server';

export type SandboxMode = 'child' | 'inline';

export type SandboxInfo = Omit<RunningSandbox, 'close'>;
export interface HostedSandbox extends SandboxInfo {
  mode: SandboxMode;
  /** The child's pid, to read its memory separately from the suite's (null inline). */
  pid: number | null;
  close(): Promise<void>;
}

/** argv marker the forked child recognises (see runSandboxChild). */
export const CHILD_FLAG = '--bench-sandbox-child';

export async function hostSandbox(mode: SandboxMode): Promise<HostedSandbox> {
  if (mode === 'inline') {
    const sandbox = await startSandbox({ port: 0, slowEvery: 0 });
    return { ...sandbox, mode, pid: null };
  }
  // The child runs the bench entry itself with a marker flag; execArgv carries tsx's loader hooks.
  const entry = fileURLToPath(new URL('./bench.ts', import.meta.url));
  const child: ChildProcess = fork(entry, [CHILD_FLAG], {
    execArgv: process.execArgv,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const info = await new Promise<SandboxInfo>((resolve, reject) => {
    child.once('message', (message) => resolve(message as SandboxInfo));
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`bench sandbox child exited early (code ${code})`)));
  });
  child.removeAllListeners('exit');
  return {
    ...info,
    mode,
    pid: child.pid ?? null,
    close: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.send('close');
      }),
  };
}

/** Body of the forked child: start the sandbox, report its coordinates, close on request or orphaning. */
export async function runSandboxChild(): Promise<void> {
  const sandbox = await startSandbox({ port: 0, slowEvery: 0 });
  const { close, ...info } = sandbox;
  const stop = (): void => {
    void close().finally(() => process.exit(0));
  };
  process.on('message', stop);
  process.on('disconnect', stop);
  process.send?.(info);
}
