import { cleanDisplayName } from './display-name';

describe('cleanDisplayName', () => {
  it('should keep markup as text when a caller sends it', () => {
    expect(cleanDisplayName('<script>alert(1)</script>')).toBe('<script>alert(1)</script>');
  });

  it('should undo SIP quoting and escapes when the name is quoted', () => {
    expect(cleanDisplayName('"Kovács \\"Anna\\" Kft."')).toBe('Kovács "Anna" Kft.');
  });

  it('should drop control and bidi-override characters when they are smuggled in', () => {
    expect(cleanDisplayName('Eve\u0000\u202e\r\nEvil')).toBe('Eve Evil');
  });

  it('should cap the length by characters when the name is huge', () => {
    expect(cleanDisplayName('é'.repeat(5000))).toHaveLength(200);
  });

  it('should give null when nothing is left', () => {
    expect(cleanDisplayName('  \u0000 ')).toBeNull();
    expect(cleanDisplayName(null)).toBeNull();
  });
});
