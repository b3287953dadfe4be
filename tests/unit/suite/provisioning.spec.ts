/**
 * Provisioning on a real target: the person sent is the docs' example person, and a target that
 * refuses it ends the run with exit 2, its own error body, and the variables that skip provisioning.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, test } from '@playwright/test';
import { personBody } from '../../conformance/global-setup';
import { runSuite } from '../reporters/support';

/** The fields of the docs' example person (api-contract, "The surrounding resources"). */
const EXAMPLE_PERSON_FIELDS = [
  'salutation',
  'first_name',
  'last_name',
  'address',
  'email',
  'mobile_number',
  'birth_date',
  'birth_city',
  'birth_country',
  'nationality',
  'employment_status',
  'tax_information',
  'fatca_relevant',
  'fatca_crs_confirmed_at',
  'terms_conditions_signed_at',
  'own_economic_interest_signed_at',
];

test('the provisioned person is the docs example person, the same for the same seed', () => {
  const body = personBody(42);
  expect(Object.keys(body).sort()).toEqual([...EXAMPLE_PERSON_FIELDS].sort());
  expect(Object.keys(body.address as object).sort()).toEqual([
    'city',
    'country',
    'line_1',
    'line_2',
    'postal_code',
    'state',
  ]);
  expect(Object.keys(body.tax_information as object).sort()).toEqual(['marital_status', 'tax_assessment']);
  expect(['MR', 'MS']).toContain(body.salutation);
  expect(String(body.first_name).length).toBeLessThanOrEqual(50);
  expect(JSON.stringify(personBody(42))).toBe(JSON.stringify(body));
});

test('a target that refuses the person: exit 2 with its error body and the variables that skip provisioning', async () => {
  const refusal = {
    errors: [
      {
        id: 'e1',
        status: 400,
        code: 'validation_error',
        title: 'Validation Error',
        detail: 'birth_country is not supported for this partner',
      },
    ],
  };
  const server: Server = createServer((req, res) => {
    const send = (status: number, body: unknown): void => {
      res.writeHead(status, { 'content-type': 'application/json; charset=utf-8' });
      res.end(JSON.stringify(body));
    };
    req.resume();
    req.on('end', () => {
      if (req.url === '/oauth2/token')
        send(200, { access_token: 'a'.repeat(64), token_type: 'bearer', expires_in: 3599, scope: 'partners' });
      else if (req.url === '/v1/persons') send(400, refusal);
      else
        send(404, { errors: [{ id: 'e2', status: 404, code: 'not_found', title: 'Not Found', detail: 'no route' }] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const { port } = server.address() as AddressInfo;
    const run = await runSuite({
      name: 'provisioning-refused',
      runs: 1,
      env: {
        SOLARIS_BASE_URL: `http://127.0.0.1:${port}`,
        SOLARIS_CLIENT_ID: 'client',
        SOLARIS_CLIENT_SECRET: 'provisioning-secret',
      },
    });
    expect(run.code, run.console).toBe(2);
    expect(run.console).toContain('birth_country is not supported for this partner');
    expect(run.console).toContain('HTTP 400');
    expect(run.console).toMatch(/SOLARIS_PERSON_ID and SOLARIS_IDENTIFICATION_SESSION_ID/);
    run.cleanup();
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});
