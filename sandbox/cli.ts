/**
 * `npm run sandbox`: the reference sandbox in the foreground. Prints the dotenv lines of
 * interface.md to stdout, then one `#` line; errors go to stderr with exit code 2.
 */
import { splitFaultList, UnknownFaultError } from './faults';
import { startSandbox } from './server';

const DEFAULT_PORT = 4010;

function fail(message: string): never {
  process.stderr.write(`sandbox: ${message}\n`);
  process.exit(2);
}

function portFromEnv(value: string | undefined): number {
  if (value === undefined || value.trim() === '') return DEFAULT_PORT;
  const port = Number(value.trim());
  if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`SANDBOX_PORT must be a port number 0-65535, got "${value}"`);
  return port;
}

async function main(): Promise<void> {
  const env = process.env;
  const port = portFromEnv(env.SANDBOX_PORT);
  const faults = splitFaultList(env.SANDBOX_FAULTS);
  let sandbox;
  try {
    sandbox = await startSandbox({
      port,
      faults,
      clientId: env.SANDBOX_CLIENT_ID?.trim() || 'sandbox-client',
      clientSecret: env.SANDBOX_CLIENT_SECRET?.trim() || 'sandbox-secret',
      faultLog: env.SANDBOX_FAULT_LOG?.trim() || undefined,
    });
  } catch (error) {
    if (error instanceof UnknownFaultError) fail(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') fail(`port ${port} is in use; set SANDBOX_PORT to a free port (0 picks one)`);
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
}

main().catch((error: unknown) => fail(`could not start: ${(error as Error).message}`));
