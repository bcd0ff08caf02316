import { SecretMasker } from './SecretMasker';

describe('SecretMasker', () => {
  it('masks every occurrence of every secret, the longest first', () => {
    const masker = new SecretMasker();
    masker.add('abcdef');
    masker.add('abcdef-longer');
    expect(masker.mask('x abcdef-longer y abcdef z abcdef')).toBe(
      'x [redacted] y [redacted] z [redacted]',
    );
  });

  it('ignores values too short to be secrets, and undefined', () => {
    const masker = new SecretMasker();
    masker.add('abc');
    masker.add(undefined);
    expect(masker.mask('abc def')).toBe('abc def');
  });
});
