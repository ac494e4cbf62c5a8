/** The MLP and its training: correct gradients, learns separable and XOR-shaped toys, repeatable, restorable. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng } from '../../src/sim/rng.ts';
import { rocAuc } from '../../src/train/auc.ts';
import { fitMlp } from '../../src/train/fit.ts';
import { createMlp, type Mlp } from '../../src/train/mlp.ts';

/**
 * Two classes of Gaussian blobs. Separable: class 1 around (2, 2), class 0 around (−2, −2).
 * XOR: class 1 around (2, 2) and (−2, −2), class 0 around (2, −2) and (−2, 2) — no line splits them.
 */
function toy(seed: number, rows: number, xor: boolean): { x: Float64Array; y: Uint8Array; rows: number } {
  const rng = createRng(seed);
  const x = new Float64Array(rows * 2);
  const y = new Uint8Array(rows);
  for (let r = 0; r < rows; r++) {
    const label = r % 2;
    const side = xor ? (rng.uniform() < 0.5 ? -2 : 2) : label ? 2 : -2;
    x[2 * r] = side + 0.5 * rng.normal();
    x[2 * r + 1] = (xor && !label ? -side : side) + 0.5 * rng.normal();
    y[r] = label;
  }
  return { x, y, rows };
}

const predictAll = (mlp: Mlp, x: Float64Array, rows: number): number[] =>
  Array.from({ length: rows }, (_, r) => mlp.predict(x, r * mlp.shape.inputs));

const accuracy = (p: number[], y: Uint8Array): number => p.filter((v, i) => (v > 0.5 ? 1 : 0) === y[i]).length / p.length;

test('backward matches finite differences', () => {
  const mlp = createMlp({ inputs: 3, hidden: 4 }, { rng: createRng(1) });
  mlp.layers.b1.set([0.1, -0.2, 0.3, 0]);
  mlp.layers.b2[0] = 0.2;
  const x = [0.5, -1, 2, -0.3, 0.8, 0.1];
  const y = [1, 0];
  const batch = { x, y, rows: [0, 1] };
  const grad = new Float64Array(mlp.theta.length);
  mlp.backward(batch, grad);
  const loss = (): number => mlp.backward(batch, new Float64Array(mlp.theta.length));
  const h = 1e-6;
  for (let i = 0; i < mlp.theta.length; i++) {
    const keep = mlp.theta[i]!;
    mlp.theta[i] = keep + h;
    const up = loss();
    mlp.theta[i] = keep - h;
    const down = loss();
    mlp.theta[i] = keep;
    assert.ok(Math.abs((up - down) / (2 * h) - grad[i]!) < 1e-6, `θ[${i}]: numeric ${(up - down) / (2 * h)} vs ${grad[i]}`);
  }
});

test('learns a linearly separable toy problem', () => {
  const train = toy(1, 400, false);
  const test = toy(2, 400, false);
  const mlp = createMlp({ inputs: 2, hidden: 4 }, { rng: createRng(3) });
  const losses = fitMlp(mlp, train, { epochs: 20, batchSize: 32, learningRate: 0.02, rng: createRng(4) });
  assert.ok(losses.at(-1)! < 0.1 * losses[0]!, `loss ${losses[0]} → ${losses.at(-1)}`);
  const p = predictAll(mlp, test.x, test.rows);
  assert.ok(accuracy(p, test.y) > 0.99);
  assert.ok(rocAuc(p, test.y) > 0.999);
});

test('the hidden layer learns XOR, which no single linear unit can', () => {
  const train = toy(5, 800, true);
  const test = toy(6, 400, true);
  const mlp = createMlp({ inputs: 2, hidden: 8 }, { rng: createRng(7) });
  fitMlp(mlp, train, { epochs: 60, batchSize: 32, learningRate: 0.02, rng: createRng(8) });
  assert.ok(accuracy(predictAll(mlp, test.x, test.rows), test.y) > 0.97);
});

test('same seeds, same weights bit for bit; snapshot restores the same predictions', () => {
  const train = toy(1, 200, false);
  const fit = (): Mlp => {
    const mlp = createMlp({ inputs: 2, hidden: 4 }, { rng: createRng(3) });
    fitMlp(mlp, train, { epochs: 5, batchSize: 16, learningRate: 0.02, rng: createRng(4) });
    return mlp;
  };
  const a = fit();
  assert.equal(Array.from(a.theta), Array.from(fit().theta));
  const restored = createMlp({ inputs: 2, hidden: 4 }, { state: JSON.parse(JSON.stringify(a.snapshot())) });
  assert.equal(predictAll(restored, train.x, train.rows), predictAll(a, train.x, train.rows));
  assert.throws(() => createMlp({ inputs: 3, hidden: 4 }, { state: a.snapshot() }), /expected 3→4/);
});

test.run();
