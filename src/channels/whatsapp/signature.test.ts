import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../config.js';
import { signatureMatches, signatureOf } from './signature.js';

const SECRET = 'app-secret-0123456789abcdef';

describe('the WhatsApp webhook signature and settings', () => {
  it('matches only the exact bytes signed with the app secret', () => {
    const body = Buffer.from('{"object":"whatsapp_business_account","entry":[]}');
    expect(signatureMatches(body, signatureOf(body, SECRET), SECRET)).toBe(true);
    expect(signatureMatches(body, signatureOf(body, SECRET).toUpperCase().replace('SHA256=', 'sha256='), SECRET)).toBe(true);
    expect(signatureMatches(Buffer.concat([body, Buffer.from(' ')]), signatureOf(body, SECRET), SECRET)).toBe(false);
    expect(signatureMatches(body, signatureOf(body, 'another-secret-0123456789'), SECRET)).toBe(false);
    for (const header of [undefined, '', 'sha256=', `sha1=${'a'.repeat(40)}`, `sha256=${'g'.repeat(64)}`, [signatureOf(body, SECRET)]]) {
      expect(signatureMatches(body, header, SECRET)).toBe(false);
    }
  });

  it('is configured with all four settings or none, the Graph address without its trailing slash', () => {
    const all = {
      WHATSAPP_PHONE_NUMBER_ID: '106540352242922',
      WHATSAPP_ACCESS_TOKEN: 'EAAG-access-token-0123456789',
      WHATSAPP_APP_SECRET: SECRET,
      WHATSAPP_VERIFY_TOKEN: 'verify-token-0123456789',
      WHATSAPP_API_BASE_URL: 'http://127.0.0.1:9999/v21.0/',
    };
    expect(loadConfig({}).whatsapp).toBeNull();
    expect(loadConfig(all).whatsapp).toEqual({ phoneNumberId: '106540352242922', accessToken: all.WHATSAPP_ACCESS_TOKEN, appSecret: SECRET, verifyToken: all.WHATSAPP_VERIFY_TOKEN, apiBaseUrl: 'http://127.0.0.1:9999/v21.0' });
    expect(loadConfig({ ...all, WHATSAPP_API_BASE_URL: '' }).whatsapp?.apiBaseUrl).toBe('https://graph.facebook.com/v21.0');
    expect(() => loadConfig({ WHATSAPP_APP_SECRET: SECRET })).toThrow(/WHATSAPP_ACCESS_TOKEN: required when any WHATSAPP_ setting is given/);
    expect(() => loadConfig({ ...all, WHATSAPP_VERIFY_TOKEN: 'short' })).toThrow(ConfigError);
  });
});
