/** NAB harness: results-file layout, and causality of the headline configuration on real NAB series. */

import { fileURLToPath } from 'node:url';
import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { detectorDef } from '../../../src/online/anomaly/registry.ts';
import { defaultNabDir, hasNab, loadCorpus, type NabFile } from '../../../src/online/anomaly/nab/corpus.ts';
import { lineup } from '../../../src/online/anomaly/nab/lineup.ts';
import { checkDetectorName, formatResults, resultsPath } from '../../../src/online/anomaly/nab/results.ts';

const tiny: NabFile = {
  key: 'realX/a.csv',
  category: 'realX',
  name: 'a.csv',
  timestampText: ['2014-01-01 00:00:00', '2014-01-01 00:05:00', '2014-01-01 00:10:00'],
  timestamps: [0, 300000, 600000],
  values: [1, 2.5, 3],
  windows: [{ L: 1, R: 1 }],
};

test("results files use NAB's layout and columns", () => {
  assert.is(resultsPath('/out', 'streamscore', tiny), '/out/streamscore/realX/streamscore_a.csv');
  assert.is(
    formatResults(tiny, [0, 0.75, 1]),
    'timestamp,value,anomaly_score,label\n' +
      '2014-01-01 00:00:00,1,0,0\n2014-01-01 00:05:00,2.5,0.75,1\n2014-01-01 00:10:00,3,1,0\n',
  );
  assert.throws(() => formatResults(tiny, [0]), /1 scores for 3 rows/);
});

test('detector names with "_" are refused (NAB splits file names on it)', () => {
  assert.throws(() => checkDetectorName('ts_bad'), /no "_"/);
  for (const name of Object.keys(lineup)) checkDetectorName(name);
});

const dir = defaultNabDir(fileURLToPath(new URL('../../..', import.meta.url)));
if (!hasNab(dir)) {
  console.log(`nab-harness: skipping the causality check on NAB series — no corpus at ${dir} (set NAB_DIR)`);
} else {
  const sample = loadCorpus(dir, (k) => k.endsWith('exchange-2_cpc_results.csv') || k.endsWith('art_daily_jumpsup.csv'));
  test('causal on NAB series: the first k scores do not change when the rest of the file follows', () => {
    assert.is(sample.length, 2);
    const ref = lineup.streamscore!;
    for (const f of sample) {
      const run = (values: number[]) => {
        const d = detectorDef(ref.name).create(ref.params ?? {});
        return values.map((value) => {
          const s = d.scoreOne({ value });
          d.learnOne({ value });
          return s;
        });
      };
      const k = Math.floor(f.values.length * 0.6);
      assert.equal(run(f.values).slice(0, k), run(f.values.slice(0, k)), f.key);
    }
  });
}

test.run();
