import { defineCheck } from './define';

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/** Every response with a body says application/json, errors included (RR: the API speaks JSON). */
export const check = defineCheck({
  id: 'content-type',
  meaning: 'Every response with a body, errors included, has Content-Type application/json.',
  order: 40,
  owedBy: { valid: 'always', invalid: 'all', probes: 'all' },
  appliesTo: ({ response }) => response.bodyText !== '' || response.status !== 204,
  run({ response }) {
    const header = response.headers['content-type'];
    if (header !== undefined && JSON_MEDIA_TYPE.test(header)) return [];
    return [
      {
        title: 'response is not labelled application/json',
        expected: 'Content-Type: application/json',
        actual: header === undefined ? 'no Content-Type header' : `Content-Type: ${header}`,
      },
    ];
  },
});
