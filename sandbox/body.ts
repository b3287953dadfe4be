/**
 * Reading request bodies: buffered up to a limit; past it the rest is drained (so the 413 reaches a
 * client that is still sending) up to a hard cap, after which the connection is dropped.
 */
import type { IncomingMessage } from 'node:http';

export const BODY_LIMIT_BYTES = 1024 * 1024;
/** Past this many bytes we stop draining an oversized body and drop the connection. */
const DRAIN_CAP_BYTES = 64 * 1024 * 1024;

export type BodyResult = { kind: 'ok'; bytes: Buffer } | { kind: 'too-large' } | { kind: 'aborted' };

export function readBody(req: IncomingMessage, limit = BODY_LIMIT_BYTES): Promise<BodyResult> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let settled = false;
    const settle = (result: BodyResult): void => {
      if (!settled) {
        settled = true;
        resolve(result);
      }
    };
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else if (size > DRAIN_CAP_BYTES) {
        settle({ kind: 'aborted' });
        req.destroy();
      }
    });
    req.on('end', () =>
      settle(
        size > limit
          ? { kind: 'too-large' }
          : { kind: 'ok', bytes: chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks) },
      ),
    );
    req.on('error', () => settle({ kind: 'aborted' }));
    req.on('close', () => settle({ kind: 'aborted' }));
  });
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

export type JsonParse = { ok: true; value: unknown } | { ok: false; reason: string };

/** Strict: invalid UTF-8, an empty body and anything JSON.parse refuses are all "not JSON". */
export function parseJsonBody(bytes: Buffer): JsonParse {
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    return { ok: false, reason: 'The request body is not valid UTF-8.' };
  }
  if (text.trim() === '') return { ok: false, reason: 'The request body is empty.' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false, reason: 'The request body is not valid JSON.' };
  }
}

/** application/json, parameters (charset) allowed, case-insensitive per RFC 9110. */
export function isJsonContentType(header: string | undefined): boolean {
  if (header === undefined) return false;
  const semicolon = header.indexOf(';');
  return (semicolon < 0 ? header : header.slice(0, semicolon)).trim().toLowerCase() === 'application/json';
}

export const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
