/**
 * Putting a body on the wire the way the vendor's servers do (see vendor-habits.ts): gzip when the
 * client accepts it, some bodies chunked without Content-Length, and now and then `Connection: close`.
 * The close is the graceful kind, a response header that Node honours by ending the socket after
 * this response, so a client never has a request in flight on a connection that is torn down.
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { gzipSync } from 'node:zlib';
import { acceptsGzip, type VendorHabits } from './vendor-habits';

export function writeBody(
  res: ServerResponse,
  status: number,
  text: string,
  contentType: string,
  habits: VendorHabits,
): void {
  let bytes = Buffer.from(text, 'utf8');
  const plan = habits.transportFor(acceptsGzip(res.req.headers['accept-encoding']), bytes.length);
  const headers: OutgoingHttpHeaders = { 'content-type': contentType };
  if (plan.varies) headers.vary = 'Accept-Encoding';
  if (plan.gzip) {
    bytes = gzipSync(bytes);
    headers['content-encoding'] = 'gzip';
  }
  if (plan.close) headers.connection = 'close';
  if (!plan.chunked) headers['content-length'] = bytes.length;
  res.writeHead(status, headers);
  if (!plan.chunked) {
    res.end(bytes);
    return;
  }
  // Two writes after writeHead without a length: Node has to use Transfer-Encoding: chunked.
  const half = bytes.length >> 1;
  res.write(bytes.subarray(0, half));
  res.end(bytes.subarray(half));
}
