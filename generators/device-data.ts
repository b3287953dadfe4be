/**
 * `device_data` shaped like the vendor page's example, a Seon Web SDK fingerprint:
 * `Web;<32 hex>dcon;<base64 of 16 bytes>;<long base64>`. The example is about 4,000 characters;
 * payloads here go from a few bytes to well past that (up to ~9,400 characters), because clients
 * with many plugins or fonts send longer ones and a length limit is the classic bug.
 */
import fc from 'fast-check';

// Buffer's base64 is the standard alphabet with padding, identical on every platform.
const base64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const hex = (bytes: Uint8Array): string => Buffer.from(bytes).toString('hex');

const bytes = (minLength: number, maxLength: number): fc.Arbitrary<Uint8Array> =>
  fc.uint8Array({ minLength, maxLength, size: 'max' });

/** The long payload: short, example-sized (~4,000 characters) or well beyond. */
const payload: fc.Arbitrary<Uint8Array> = fc.oneof(
  { withCrossShrink: true },
  { arbitrary: bytes(1, 300), weight: 2 },
  { arbitrary: bytes(2_700, 3_300), weight: 2 }, // 3,600–4,400 base64 characters, the example's size
  { arbitrary: bytes(3_301, 7_000), weight: 1 },
);

export const seonDeviceData: fc.Arbitrary<string> = fc
  .tuple(bytes(16, 16), bytes(16, 16), payload)
  .map(([id, key, data]) => `Web;${hex(id)}dcon;${base64(key)};${base64(data)}`);
