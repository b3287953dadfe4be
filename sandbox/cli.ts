/**
 * `npm run sandbox`: the reference sandbox in the foreground. Prints the dotenv lines of
 * interface.md to stdout, then one `#` line; errors go to stderr with exit code 2.
 * `npm run sandbox -- --help` lists the environment variables (HELP below).
 */
import { ConfigError, defaultOf, read, VARIABLES, variablesOf } from '../suite/model/variables';
import type { ValueOf, VariableName } from '../suite/model/variables';
import { UnknownChaosError } from './chaos';
import { UnknownFaultError } from './faults';
import { startSandbox } from './server';

/** Words joined into lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  for (const word of text.split(' ')) {
    const last = lines.at(-1);
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word);
  }
  return lines;
}

/** The Environment section of --help, from the variable table, so it cannot drift from what is read. */
function environmentHelp(): string {
  const names = variablesOf('sandbox');
  const indent = Math.max(...names.map((n) => n.length)) + 4;
  return names
    .map((name) => {
      const fallback: unknown = defaultOf(name);
      const shown = fallback === null || (Array.isArray(fallback) && fallback.length === 0) ? 'none' : String(fallback);
      const text = `${VARIABLES[name].meaning.replace(/`/g, '')} (default ${shown})`;
      const lines = wrap(text, 100 - indent);
      return lines.map((line, i) => `  ${(i === 0 ? name : '').padEnd(indent - 2)}${line}`).join('\n');
    })
    .join('\n');
}

const HELP = `Usage: npm run sandbox [-- --help] [-- --exit-on-stdin-close]

Starts the reference sandbox of the Solaris identification endpoint and prints the SOLARIS_* lines
a suite run needs. By default it behaves like the real vendor: null for every field without a value,
undocumented fields, error status as integer or string, a backtrace beside errors, gzip when asked,
some bodies chunked, a kept-alive connection closed now and then, and a rare slow answer.

--exit-on-stdin-close  stop when standard input closes. The suite's webServer starts the sandbox
                       so: its stdin is a pipe from the Playwright run, which closes when that run
                       ends in any way, a kill from outside (a CI timeout) included.

Environment (fault names: sandbox/faults.ts):
${environmentHelp()}
`;

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(2);
}

/** A variable through the table; a bad value ends the CLI with exit 2, naming the variable and the fix. */
function setting<N extends VariableName>(name: N): ValueOf<N> {
  try {
    return read(name);
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const port = setting('SANDBOX_PORT');
  const slowEvery = setting('SANDBOX_SLOW_EVERY');
  const faults = setting('SANDBOX_FAULTS');
  const chaos = setting('SANDBOX_CHAOS');
  let sandbox;
  try {
    sandbox = await startSandbox({
      port,
      faults,
      slowEvery,
      clientId: setting('SANDBOX_CLIENT_ID'),
      clientSecret: setting('SANDBOX_CLIENT_SECRET'),
      faultLog: setting('SANDBOX_FAULT_LOG') ?? undefined,
      chaos,
    });
  } catch (error) {
    if (error instanceof UnknownFaultError || error instanceof UnknownChaosError) fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE')
      fail(
        `port ${port} is in use (another sandbox left running?): stop it or set SANDBOX_PORT to a free port (0 picks one)`,
      );
    fail(`could not start: ${(error as Error).message}`);
  }
  process.stdout.write(
    [
      `SOLARIS_BASE_URL=${sandbox.url}`,
      `SOLARIS_AUTH_URL=${sandbox.authUrl}`,
      `SOLARIS_CLIENT_ID=${sandbox.clientId}`,
      `SOLARIS_CLIENT_SECRET=${sandbox.clientSecret}`,
      `SOLARIS_PERSON_ID=${sandbox.personId}`,
      `SOLARIS_IDENTIFICATION_SESSION_ID=${sandbox.sessionId}`,
      `# sandbox ready on ${sandbox.url} (faults: ${faults.length > 0 ? faults.join(',') : 'none'}${chaos.length > 0 ? `; chaos: ${chaos.join(',')}` : ''})`,
      '',
    ].join('\n'),
  );
  const running = sandbox;
  const stop = (): void => {
    running.close().then(
      () => process.exit(0),
      () => process.exit(0),
    );
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  if (process.argv.includes('--exit-on-stdin-close')) {
    // Playwright starts its webServer in a process group of its own, so a SIGKILL of the run does
    // not reach it, and it would hold its port until someone kills it; the closed pipe does reach it.
    process.stdin.once('close', stop);
    process.stdin.resume();
  }
}

main().catch((error: unknown) => fail(`could not start: ${(error as Error).message}`));
