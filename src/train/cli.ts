/** `npm run train:demo`: trains the motor-health demo model on simulated data and writes it under models/. */

import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import { writeDemoArtifacts } from './artifacts.ts';
import { trainDemo } from './demo.ts';

const HELP = `Usage: npm run train:demo -- [options]

Simulates a pump fleet (no broker), trains the motor-health MLP, verifies it in onnxruntime-node on a
fresh simulated fleet, and writes <out>/motor-health/1/{model.onnx,manifest.json} and <out>/PROVENANCE.md.

  --out <dir>        models folder (default models/)
  --seed <n>         simulator and training seed (default 1)
  --devices <n>      simulated pumps per data set (default 90)
  --minutes <n>      simulated minutes per data set (default 20)
  -h, --help         this text
`;

function positiveInt(name: string, text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name}: expected a positive integer, got "${text}"`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string', default: 'models' },
      seed: { type: 'string', default: '1' },
      devices: { type: 'string', default: '90' },
      minutes: { type: 'string', default: '20' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(HELP);
    return;
  }
  const seed = Number(values.seed);
  if (!Number.isInteger(seed) || seed < 0) throw new Error(`--seed: expected a non-negative integer, got "${values.seed}"`);
  const devices = positiveInt('devices', values.devices);
  const minutes = positiveInt('minutes', values.minutes);

  const started = performance.now();
  const result = await trainDemo({ seed, devices, minutes, now: () => performance.now() });
  const defaults = values.out === 'models' && seed === 1 && devices === 90 && minutes === 20;
  const command = defaults
    ? 'npm run train:demo'
    : `npm run train:demo -- --out ${values.out} --seed ${seed} --devices ${devices} --minutes ${minutes}`;
  const { dir, manifest } = await writeDemoArtifacts(result, {
    outDir: values.out,
    name: 'motor-health',
    version: 1,
    createdAt: new Date().toISOString(),
    command,
  });

  const m = result.metrics;
  const t = result.timingsMs;
  const fmt = (x: number | undefined): string => (x === undefined ? '?' : x.toFixed(4));
  console.log(`train: ${result.train.rows} windows (${result.train.positives} faulty) from ${result.train.events} events; test: ${result.test.rows} windows (seed ${result.test.seed})`);
  console.log(`test ROC AUC ${fmt(m.rocAuc)} (wear ${fmt(m.rocAucWear)}, overheat ${fmt(m.rocAucOverheat)}, stuck ${fmt(m.rocAucStuck)}); train ${fmt(m.trainRocAuc)}; onnx vs ts max |Δ| ${m.onnxMaxAbsDiff?.toExponential(1)}`);
  console.log(`time: simulate ${((t.simulate ?? 0) / 1000).toFixed(1)}s, train ${((t.train ?? 0) / 1000).toFixed(1)}s, export+evaluate ${((t['export+evaluate'] ?? 0) / 1000).toFixed(1)}s, total ${((performance.now() - started) / 1000).toFixed(1)}s`);
  console.log(`wrote ${dir}/model.onnx (${manifest.size} bytes, sha256 ${manifest.sha256?.slice(0, 12)}…), ${dir}/manifest.json, ${values.out}/PROVENANCE.md`);
}

main().catch((err: unknown) => {
  console.error(`train:demo: ${err instanceof Error ? err.message : String(err)}`);
  process.exitCode = 1;
});
