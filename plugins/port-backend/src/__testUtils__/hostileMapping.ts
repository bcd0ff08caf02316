/** The hostile mappings of issue #15: a 37-`a` regex, a ReDoS on entity text, 17 huge strings. */
export const HUGE_FIELDS = 17;
export const hostileMapping = {
  resources: [
    {
      kind: 'component',
      selector: { query: 'true' },
      port: {
        entity: {
          mappings: {
            identifier: '.metadata.name',
            blueprint: '"component"',
            properties: {
              regex37: `"${'a'.repeat(37)}!" | test("(a+)+$")`,
              redos: '.metadata.description | test("^([a-z0-9]+[ -]?)+$")',
              ...Object.fromEntries(
                Array.from({ length: HUGE_FIELDS }, (_, i) => [
                  `huge${i}`,
                  '"x" * 5e8',
                ]),
              ),
            },
          },
        },
      },
    },
  ],
};
/** 28 characters that make `^([a-z0-9]+[ -]?)+$` backtrack for seconds on JS's engine. */
export const REDOS_TEXT = 'abcdefghijklmnopqrstuvwxyz0!';
export const HUGE_ERROR =
  'jq program built a string of 500000000 characters, over its limit of 1000000';
