import { describe, expect, it } from 'vitest';
import { oauth1Auth, oauthEncode, oauthSignature, signatureBaseString } from '../../src/connectors/woocommerce/oauth1.js';

// OAuth Core 1.0 Appendix A.5 (the spec's worked example, also used by RFC 5849's predecessors):
// GET http://photos.example.net/photos?file=vacation.jpg&size=original, secrets kd94hf93k423kf44 / pfkkdhi9sl3r4s00.
const SPEC = {
  url: 'http://photos.example.net/photos?file=vacation.jpg&size=original',
  params: [
    ['oauth_consumer_key', 'dpf43f3p2l4k3l03'],
    ['oauth_token', 'nnch734d00sl2jdk'],
    ['oauth_signature_method', 'HMAC-SHA1'],
    ['oauth_timestamp', '1191242096'],
    ['oauth_nonce', 'kllo9940pd9333jh'],
    ['oauth_version', '1.0'],
  ] as const,
  baseString:
    'GET&http%3A%2F%2Fphotos.example.net%2Fphotos&file%3Dvacation.jpg%26oauth_consumer_key%3Ddpf43f3p2l4k3l03%26oauth_nonce%3Dkllo9940pd9333jh%26oauth_signature_method%3DHMAC-SHA1%26oauth_timestamp%3D1191242096%26oauth_token%3Dnnch734d00sl2jdk%26oauth_version%3D1.0%26size%3Doriginal',
  signature: 'tR3+Ty81lMeYAr/Fid0kMTYa/WM=',
};

describe('OAuth 1.0a signatures', () => {
  it('builds the spec example base string', () => {
    const query = [...new URL(SPEC.url).searchParams.entries()];
    expect(signatureBaseString('get', SPEC.url, [...query, ...SPEC.params])).toBe(SPEC.baseString);
  });

  it('signs the spec example to its published signature', () => {
    const signature = oauthSignature({
      method: 'GET',
      url: SPEC.url,
      params: SPEC.params,
      consumerSecret: 'kd94hf93k423kf44',
      tokenSecret: 'pfkkdhi9sl3r4s00',
      signatureMethod: 'HMAC-SHA1',
    });
    expect(signature).toBe(SPEC.signature);
  });

  it.each([
    ['abcABC123-._~', 'abcABC123-._~'],
    ['a b', 'a%20b'],
    ["!*'()", '%21%2A%27%28%29'],
    ['æ/ø', '%C3%A6%2F%C3%B8'],
  ])('percent-encodes %j as RFC 3986 wants', (input, encoded) => {
    expect(oauthEncode(input)).toBe(encoded);
  });

  it('adds the one-legged oauth_* parameters and a signature the same inputs reproduce', async () => {
    const auth = oauth1Auth({ consumerKey: 'ck_test', consumerSecret: 'cs_test', now: () => 1_700_000_000_500, nonce: () => 'n0nce' });
    const { query } = await auth.apply({ method: 'GET', url: 'http://shop.test/wp-json/wc/v3/orders', query: { per_page: '100' } });
    expect(query).toMatchObject({
      oauth_consumer_key: 'ck_test',
      oauth_nonce: 'n0nce',
      oauth_signature_method: 'HMAC-SHA1',
      oauth_timestamp: '1700000000',
    });
    const { oauth_signature: signature, ...signed } = query ?? {};
    const expected = oauthSignature({
      method: 'GET',
      url: 'http://shop.test/wp-json/wc/v3/orders?per_page=100',
      params: Object.entries(signed),
      consumerSecret: 'cs_test',
      signatureMethod: 'HMAC-SHA1',
    });
    expect(signature).toBe(expected);
    expect(auth.secrets()).toEqual(['ck_test', 'cs_test']);
  });
});
