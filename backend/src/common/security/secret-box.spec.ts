import { SecretBox } from './secret-box';

describe('SecretBox', () => {
  const box = new SecretBox('k'.repeat(40), 'webhook-secrets');

  it('should open what it sealed, and seal the same text differently each time', () => {
    const a = box.seal('whsec_abc');
    expect(box.open(a)).toBe('whsec_abc');
    expect(box.seal('whsec_abc')).not.toBe(a);
    expect(a).not.toContain('whsec_abc');
  });

  it('should refuse a text sealed with another key, another purpose, or altered', () => {
    const sealed = box.seal('whsec_abc');
    expect(() => new SecretBox('x'.repeat(40), 'webhook-secrets').open(sealed)).toThrow();
    expect(() => new SecretBox('k'.repeat(40), 'other').open(sealed)).toThrow();
    const raw = Buffer.from(sealed.slice(3), 'base64');
    raw[raw.length - 1] ^= 1;
    expect(() => box.open(`v1:${raw.toString('base64')}`)).toThrow();
    expect(() => box.open('whsec_abc')).toThrow();
  });
});
