import { describe, expect, it } from 'vitest';
import { isSameOrigin } from './same-origin';

const request = (headers: Record<string, string>) => new Request('http://dash.local:3000/graphql', { method: 'POST', headers });

describe('isSameOrigin', () => {
  it('accepts the dashboard\'s own pages', () => {
    expect(isSameOrigin(request({ host: 'dash.local:3000', origin: 'http://dash.local:3000', 'sec-fetch-site': 'same-origin' }))).toBe(true);
  });

  it('refuses another site, by Origin or by Sec-Fetch-Site', () => {
    expect(isSameOrigin(request({ host: 'dash.local:3000', origin: 'https://evil.example' }))).toBe(false);
    expect(isSameOrigin(request({ host: 'dash.local:3000', 'sec-fetch-site': 'cross-site' }))).toBe(false);
  });

  it('lets tools without browser headers through (they carry no browser cookies)', () => {
    expect(isSameOrigin(request({ host: 'dash.local:3000' }))).toBe(true);
  });
});
