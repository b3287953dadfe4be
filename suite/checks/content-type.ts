import type { Check } from './types';

const JSON_MEDIA_TYPE = /^application\/json\s*(;|$)/i;

/** Every response with a body says application/json, errors included (RR: the API speaks JSON). */
export const contentType: Check = {
  id: 'content-type',
  description: 'Every response with a body, errors included, has Content-Type application/json.',
  appliesTo: ({ response }) => response.bodyText !== '' || response.status !== 204,
  run({ response }) {
    const header = response.headers['content-type'];
    if (header !== undefined && JSON_MEDIA_TYPE.test(header)) return [];
    return [{ check: 'content-type', title: 'response is not labelled application/json', expected: 'Content-Type: application/json', actual: header === undefined ? 'no Content-Type header' : `Content-Type: ${header}` }];
  },
};
