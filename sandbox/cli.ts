/**
 * `npm run sandbox`: the reference sandbox in the foreground. Prints the dotenv lines of
 * interface.md to stdout, then one `#` line; errors go to stderr with exit code 2.
 * `npm run sandbox -- --help` lists the environment variables (HELP below).
 */
import { splitFaultList, UnknownFaultError } from './faults';
import { startSandbox } from './server';
import { DEFAULT_SLOW_EVERY } from './vendor-habits';

const DEFAULT_PORT = 4010;

const HELP = `Usage: npm run sandbox [-- --help] [-- --exit-on-stdin-close]

Starts the reference sandbox of the Solaris identification endpoint and prints the SOLARIS_* lines
a suite run needs. By default it behaves like the real vendor: null for every field without a value,
undocumented fields, error status as integer or string, a backtrace beside errors, gzip when asked,
some bodies chunked, a kept-alive connection closed now and then, and a rare slow answer.

--exit-on-stdin-close  stop when standard input closes. The suite's webServer starts the sandbox
                       so: its stdin is a pipe from the Playwright run, which closes when that run
                       ends in any way, a kill from outside (a CI timeout) included.

Environment:
  SANDBOX_PORT           port to listen on; 0 picks a free one (default ${DEFAULT_PORT})
  SANDBOX_FAULTS         comma-separated fault names to inject (default none; see sandbox/faults.ts)
  SANDBOX_FAULT_LOG      file that gets each fault's name appended when it first fires
  SANDBOX_CLIENT_ID      client id the token endpoint accepts (default sandbox-client)
  SANDBOX_CLIENT_SECRET  client secret the token endpoint accepts (default sandbox-secret)
  SANDBOX_SLOW_EVERY     every Nth POST to the endpoint answers after 1-2 s, as the vendor now and
                         then does; 0 turns slow answers off (default ${DEFAULT_SLOW_EVERY})
`;

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(2);
}

/** A whole number from the environment within [0, max], or the default when unset or blank. */
function intFromEnv(name: string, value: string | undefined, fallback: number, max: number): number {
  if (value === undefined || value.trim() === '') return fallback;
  const n = Number(value.trim());
  if (!Number.isInteger(n) || n < 0 || n > max) fail(`${name} must be a whole number 0-${max}, got "${value}"`);
  return n;
}

async function main(): Promise<void> {
  if (process.argv.includes('--help') || process.argv.includes('-h')) {
    process.stdout.write(HELP);
    return;
  }
  const env = process.env;
  const port = intFromEnv('SANDBOX_PORT', env.SANDBOX_PORT, DEFAULT_PORT, 65_535);
  const slowEvery = intFromEnv('SANDBOX_SLOW_EVERY', env.SANDBOX_SLOW_EVERY, DEFAULT_SLOW_EVERY, 1_000_000_000);
  const faults = splitFaultList(env.SANDBOX_FAULTS);
  let sandbox;
  try {
    sandbox = await startSandbox({
      port,
      faults,
      slowEvery,
      clientId: env.SANDBOX_CLIENT_ID?.trim() || 'sandbox-client',
      clientSecret: env.SANDBOX_CLIENT_SECRET?.trim() || 'sandbox-secret',
      faultLog: env.SANDBOX_FAULT_LOG?.trim() || undefined,
    });
  } catch (error) {
    if (error instanceof UnknownFaultError) fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${port} is in use (another sandbox left running?): stop it or set SANDBOX_PORT to a free port (0 picks one)`);
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
      `# sandbox ready on ${sandbox.url} (faults: ${faults.length > 0 ? faults.join(',') : 'none'})`,
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
