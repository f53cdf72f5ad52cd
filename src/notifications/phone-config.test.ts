import { describe, expect, it } from 'vitest';
import { loadConfig } from '../config.js';
import { configuredPhoneChannels } from './outbox.js';
import { DEFAULT_WHATSAPP_TEMPLATES } from './whatsapp-templates.js';

const WHATSAPP = { WHATSAPP_PHONE_NUMBER_ID: '109876543210987', WHATSAPP_ACCESS_TOKEN: 'EAAG-token-123', WHATSAPP_APP_SECRET: 'app-secret-1', WHATSAPP_VERIFY_TOKEN: 'verify-token-1' };

describe('phone channel configuration', () => {
  it('turns WhatsApp and SMS on only when configured, WhatsApp first', () => {
    const none = loadConfig({});
    expect([none.whatsapp, none.sms, configuredPhoneChannels(none)]).toEqual([null, null, []]);
    const both = loadConfig({ ...WHATSAPP, SMS_GATEWAY_URL: 'https://sms.kantor.local/send', SMS_GATEWAY_TOKEN: 'sms-token-1', WHATSAPP_API_BASE_URL: 'http://127.0.0.1:9/v21.0/' });
    expect(both.whatsapp).toEqual({ phoneNumberId: '109876543210987', accessToken: 'EAAG-token-123', appSecret: 'app-secret-1', verifyToken: 'verify-token-1', apiBaseUrl: 'http://127.0.0.1:9/v21.0' });
    expect(both.sms).toEqual({ url: 'https://sms.kantor.local/send', token: 'sms-token-1', senderId: undefined });
    expect(both.whatsappTemplates).toEqual(DEFAULT_WHATSAPP_TEMPLATES);
    expect(configuredPhoneChannels(both)).toEqual(['whatsapp', 'sms']);
    expect(loadConfig(WHATSAPP).whatsapp?.apiBaseUrl).toBe('https://graph.facebook.com/v21.0');
  });

  it('refuses half a configuration with the missing variable’s name', () => {
    expect(() => loadConfig({ WHATSAPP_PHONE_NUMBER_ID: '109876543210987' })).toThrow(/WHATSAPP_ACCESS_TOKEN: required when any WHATSAPP_ setting is given/);
    expect(() => loadConfig({ SMS_GATEWAY_URL: 'https://sms.kantor.local/send' })).toThrow(/SMS_GATEWAY_TOKEN: SMS_GATEWAY_URL and SMS_GATEWAY_TOKEN go together/);
    expect(() => loadConfig({ WHATSAPP_TEMPLATES: '{"receipt":"Bad Name"}' })).toThrow(/WHATSAPP_TEMPLATES: receipt: a template name is lowercase/);
  });
});
