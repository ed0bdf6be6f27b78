import { absoluteWallboardUrl, takeWallboardToken, WALLBOARD_TOKEN_KEY } from './wallboard-token';

function place(hash: string, stored: string | null = null) {
  const store = new Map<string, string>(stored ? [[WALLBOARD_TOKEN_KEY, stored]] : []);
  let cleared = 0;
  return {
    p: {
      hash,
      storage: { getItem: (k: string) => store.get(k) ?? null, setItem: (k: string, v: string) => void store.set(k, v) },
      clearHash: () => void cleared++,
    },
    store,
    cleared: () => cleared,
  };
}

describe('wallboard token', () => {
  it('should take the token from the fragment once, store it and clear the address, when the URL carries one', () => {
    const t = place('#token=abc_DEF-123', 'old');
    expect(takeWallboardToken(t.p)).toBe('abc_DEF-123');
    expect(t.store.get(WALLBOARD_TOKEN_KEY)).toBe('abc_DEF-123');
    expect(t.cleared()).toBe(1);
  });

  it('should use the stored token and leave the address alone, when the URL has none', () => {
    const t = place('', 'kept');
    expect(takeWallboardToken(t.p)).toBe('kept');
    expect(t.cleared()).toBe(0);
  });

  it('should give null, when there is no token anywhere', () => {
    expect(takeWallboardToken(place('#other=1').p)).toBeNull();
  });

  it('should make a relative wallboard URL absolute against the page, and keep an absolute one', () => {
    expect(absoluteWallboardUrl('/wallboard#token=x', 'https://crm.example')).toBe('https://crm.example/wallboard#token=x');
    expect(absoluteWallboardUrl('https://tv.example/wallboard#token=x', 'https://crm.example')).toBe('https://tv.example/wallboard#token=x');
  });
});
