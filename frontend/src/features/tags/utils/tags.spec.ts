import { addTag, removeTag } from './tags';

describe('addTag', () => {
  it('should add a trimmed tag when it is new', () => {
    expect(addTag(['VIP'], '  Renewal ')).toEqual({ tags: ['VIP', 'Renewal'] });
  });

  it('should refuse a tag when the deal has it in another case', () => {
    expect(addTag(['VIP'], 'vip')).toEqual({ error: 'duplicate', tag: 'vip' });
  });

  it('should refuse when the tag is empty, too long, has control characters or is the eleventh', () => {
    expect(addTag([], '   ')).toEqual({ error: 'empty', tag: '' });
    expect(addTag([], 'x'.repeat(33))).toEqual({ error: 'tooLong', tag: 'x'.repeat(33) });
    expect(addTag([], 'a\u0007b')).toEqual({ error: 'controlCharacters', tag: 'a\u0007b' });
    const ten = Array.from({ length: 10 }, (_, i) => `t${i}`);
    expect(addTag(ten, 'more')).toEqual({ error: 'tooMany', tag: 'more' });
    expect(addTag([], 'x'.repeat(32))).toEqual({ tags: ['x'.repeat(32)] });
  });
});

describe('removeTag', () => {
  it('should remove a tag whatever its case', () => {
    expect(removeTag(['VIP', 'Q4'], 'vip')).toEqual(['Q4']);
  });
});
