import {
  findDisagreements,
  generateCases,
  toTestCase,
} from '../../dev/differential/differential';
import { oracleVersion } from '../../dev/differential/oracle';

// Generated programs over Backstage-entity-shaped inputs, run through this engine (jq 1.7.1
// dialect) and through jq 1.7.1 itself compiled to WebAssembly: outputs, then error or not and
// the error's value, must agree in order. `npm run fuzz` explores other seeds.
const SEED = 20261205;
const COUNT = 5000;

describe('differential test against jq 1.7.1', () => {
  it('runs jq 1.7.1 as the oracle', async () => {
    await expect(oracleVersion()).resolves.toMatch(/^jq-1\.7\.1/);
  });

  it(`agrees on ${COUNT} generated cases (seed ${SEED})`, async () => {
    const cases = generateCases(SEED, COUNT);
    expect(new Set(cases.map(c => c.program)).size).toBeGreaterThan(
      COUNT * 0.75,
    );
    const { disagreements } = await findDisagreements(cases);
    expect(disagreements.map(toTestCase)).toEqual([]);
  }, 300_000);
});
