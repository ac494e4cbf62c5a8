/** Writes a trained demo model as the registry expects it: model.onnx, manifest.json, and models/PROVENANCE.md. */

import { createHash } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Value } from '@sinclair/typebox/value';
import { formatDuration } from '../config/duration.ts';
import { ManifestSchema, type ModelManifest } from '../models/manifest.ts';
import { DEMO_WINDOW } from './dataset.ts';
import type { DemoResult } from './demo.ts';

export interface ArtifactOptions {
  /** The models folder; the model goes to `<outDir>/<name>/<version>/`. */
  outDir: string;
  name: string;
  version: number;
  /** ISO time of creation — the one field that differs between two runs with the same seed. */
  createdAt: string;
  /** The command that regenerates the model, quoted in PROVENANCE.md. */
  command: string;
}

const round = (x: number, digits = 6): number => Number(x.toPrecision(digits));

/** The manifest for `result`; throws if it does not validate against ManifestSchema. */
export function demoManifest(result: DemoResult, opts: ArtifactOptions): ModelManifest {
  const missing = Object.fromEntries(result.featureNames.map((name, i) => [name, result.scaler.mean[i]!]));
  const manifest: ModelManifest = {
    name: opts.name,
    version: opts.version,
    format: 'onnx',
    inputs: { tensor: 'features', features: result.featureNames, missing },
    output: { tensor: 'probability', kind: 'probability', column: 0 },
    description:
      'Pump health from 30 s sliding-window features (every 5 s) of temperature, vibration and current: ' +
      'P(a fault — bearing wear, overheating or a stuck sensor — is active). A 15→16→1 MLP trained on simulated data.',
    createdAt: opts.createdAt,
    sha256: createHash('sha256').update(result.onnx).digest('hex'),
    size: result.onnx.byteLength,
    filename: 'model.onnx',
    metrics: Object.fromEntries(Object.entries(result.metrics).map(([k, v]) => [k, round(v)])),
  };
  if (!Value.Check(ManifestSchema, manifest)) {
    const first = [...Value.Errors(ManifestSchema, manifest)][0];
    throw new Error(`manifest${first?.path ?? ''}: ${first?.message ?? 'invalid'}`);
  }
  return manifest;
}

function datasetLine(label: string, d: DemoResult['train']): string {
  const share = ((100 * d.positives) / d.rows).toFixed(1);
  const faults = Object.entries(d.byFault).map(([k, n]) => `${k} ${n}`).join(', ');
  return `| ${label} | ${d.seed} | ${d.events} | ${d.rows} | ${d.positives} (${share}%: ${faults}) | ${d.dropped.onset} / ${d.dropped.warmup} |`;
}

/** PROVENANCE.md: deterministic for a given result (no timings, no dates), so a rerun diffs clean. */
export function provenance(result: DemoResult, opts: ArtifactOptions, manifest: ModelManifest): string {
  const f = result.fleet;
  const fields = Object.keys(DEMO_WINDOW.fields).join(', ');
  return `# Shipped models — provenance

## ${opts.name} / ${opts.version} (\`${opts.name}/${opts.version}/model.onnx\`)

Regenerate (byte-identical \`model.onnx\`; only \`createdAt\` in the manifest changes):

\`\`\`
${opts.command}
\`\`\`

**Data.** Entirely simulated by \`src/sim/fleet.ts\` in simulated time (no broker): ${f.devices} pumps
(\`pump-1\` … \`pump-${f.devices}\`) publishing ${f.ratePerSec} events/s each for ${formatDuration(result.durationMs)},
start ${new Date(f.startTs).toISOString()}; ${f.faultFraction * 100}% of the devices develop a fault
(${f.faults.join(', ')}, dealt round-robin; stuck sensors round-robin over ${fields}) with onset uniform in
${formatDuration(f.faultOnset.minMs)} – ${formatDuration(f.faultOnset.maxMs)} after the start.
Events go through \`createSlidingWindows\` with the demo spec: size ${formatDuration(DEMO_WINDOW.sizeMs)},
every ${formatDuration(DEMO_WINDOW.everyMs)}, fields ${fields} × [count, mean, std, min, max, last].

**Labels.** A window is 1 when its device's fault was active over the whole window (window start ≥
onset), 0 when it ended at or before the onset. Left out: windows straddling the onset (ambiguous) and
warm-up windows that began before the device's first event (too few values; a healthy sensor would
look stuck). No extra ramp delay: a positive window may sit in the first seconds of a slow ramp.

| set | seed | events | windows | positives | dropped onset / warm-up |
|---|---|---|---|---|---|
${datasetLine('train', result.train)}
${datasetLine('test (fresh fleet)', result.test)}

**Inputs** (${result.featureNames.length}, in column order; \`count\` is left out because it depends on
the publishing rate): ${result.featureNames.map((n) => `\`${n}\``).join(', ')}.
A NaN feature (field absent from a window) is fed as its training mean (\`inputs.missing\` in the manifest).

**Model.** Standardization with the training mean/std per feature, folded into the graph (\`Sub\`, \`Div\`),
then \`Gemm\` ${result.featureNames.length}→${result.hidden}, \`Tanh\`, \`Gemm\` ${result.hidden}→1, \`Sigmoid\`.
Input \`features\` float32 [N, ${result.featureNames.length}], output \`probability\` float32 [N, 1] = P(fault).
ONNX IR 8, opset 13, written with onnx-proto's protobuf classes (\`src/train/onnx-export.ts\`).

**Training.** Plain TypeScript (\`src/train/mlp.ts\`, \`fit.ts\`, \`adam.ts\`): Glorot-uniform init, binary
cross-entropy, Adam (β1 0.9, β2 0.999), ${result.fit.epochs} epochs, batch ${result.fit.batchSize}, step
${result.fit.learningRate} with cosine decay to 10%, L2 ${result.fit.l2} on weights; every random choice
seeded from the CLI seed. Final training loss ${round(result.fit.finalLoss, 4)}.

**Evaluation.** The test fleet (seed ${result.test.seed}) is scored by running \`model.onnx\` in
onnxruntime-node, so the figures are the shipped file's:

| metric | value |
|---|---|
${Object.entries(manifest.metrics ?? {}).map(([k, v]) => `| ${k} | ${v} |`).join('\n')}

\`rocAuc\` is the test ROC AUC over all windows; \`rocAuc<Fault>\` compares one fault's windows with all
healthy ones; \`onnxMaxAbsDiff\` is the largest gap between onnxruntime and the TypeScript forward pass.
The simulator is the only ground truth: these figures say the model separates the simulated faults,
not that it would on real pumps.

sha256 \`${manifest.sha256}\`, ${manifest.size} bytes.
`;
}

/**
 * @example
 * await writeDemoArtifacts(result, { outDir: 'models', name: 'motor-health', version: 1, createdAt, command });
 */
export async function writeDemoArtifacts(result: DemoResult, opts: ArtifactOptions): Promise<{ dir: string; manifest: ModelManifest }> {
  const dir = join(opts.outDir, opts.name, String(opts.version));
  await mkdir(dir, { recursive: true });
  const manifest = demoManifest(result, opts);
  await writeFile(join(dir, 'model.onnx'), result.onnx);
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  await writeFile(join(opts.outDir, 'PROVENANCE.md'), provenance(result, opts, manifest));
  return { dir, manifest };
}
