import { oceanQuoteRewrite } from './oceanQuoteRewrite';

describe('oceanQuoteRewrite', () => {
  it('turns single-quoted string literals into double-quoted ones', () => {
    expect(oceanQuoteRewrite("'component'")).toBe('"component"');
    expect(oceanQuoteRewrite(".name + '-svc'")).toBe('.name + "-svc"');
  });

  it('leaves a quote that is already the inner quote of a double-quoted literal', () => {
    // YAML '"component"' reaches the mapping as "component": nothing to rewrite.
    expect(oceanQuoteRewrite('"component"')).toBe('"component"');
  });

  it('keeps apostrophes inside words', () => {
    expect(oceanQuoteRewrite('"it\'s" + .a')).toBe('"it\'s" + .a');
  });

  it('keeps the length, so error columns still point at what the user wrote', () => {
    const source = "if .a then 'x' else 'y' end";
    expect(oceanQuoteRewrite(source)).toHaveLength(source.length);
    expect(oceanQuoteRewrite(source)).toBe('if .a then "x" else "y" end');
  });
});
