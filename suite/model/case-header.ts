/**
 * The header every case is sent with: its id in the exchange log (suite/engine/exchange-log.ts), so
 * a target's own logs (an API gateway's, staging's) can be searched for the request a report or a
 * comparison names. Shared with the sandbox, which notes the cases its faults changed.
 */
export const CASE_HEADER = 'x-conformance-case';
