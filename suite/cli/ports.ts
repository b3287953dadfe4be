/**
 * Ports for the embedded sandbox. A fixed port fails the moment anything else holds it: a sandbox
 * left running by a run that was killed from outside (a CI timeout), or a second run beside the
 * first. So a run without SANDBOX_PORT takes a port the OS reports free, and a run with one learns
 * at once, in words, that it is taken, instead of from Playwright's "is already used" after start-up.
 */
import net from 'node:net';

/** The sandbox's host (sandbox/server.ts listens on 127.0.0.1 unless told otherwise). */
const HOST = '127.0.0.1';

/**
 * A port the OS reports free on 127.0.0.1 right now. It is released before it is returned, for a
 * child process to bind; another process could take it in between, which the OS makes unlikely
 * (it hands out ephemeral ports in turn) and which the child then reports like any busy port.
 */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, HOST, () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('the OS assigned no port'))));
    });
  });
}

/** Whether something already listens on (or otherwise holds) the port on 127.0.0.1. */
export function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', (error: NodeJS.ErrnoException) =>
      error.code === 'EADDRINUSE' ? resolve(true) : reject(error),
    );
    server.listen(port, HOST, () => server.close(() => resolve(false)));
  });
}

/** What a run says when SANDBOX_PORT names a busy port: the port, the likely cause and the fixes. */
export const busyPortMessage = (port: number): string =>
  `port ${port} is in use (another sandbox left running?): stop it or set SANDBOX_PORT to a free port, or unset it to let the suite pick one`;
