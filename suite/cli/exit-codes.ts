/**
 * The documented exit code of each verdict of `npm run conformance`, in a module of its own (the
 * CLI runs on import) so that the self-test's fault matrix judges a fault with the same table.
 */
export const EXIT = { conformant: 0, 'conformant-with-known-deviations': 0, nonconformant: 1, error: 2 } as const;
