/** The seeded rng: repeatable, uniform in [0, 1), normals with mean 0 and sd 1. */

import { test } from 'uvu';
import * as assert from 'uvu/assert';
import { createRng, deriveSeed } from '../../src/sim/rng.ts';

const draw = (seed: number, n: number, f: 'uniform' | 'normal'): number[] => {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => rng[f]());
};

test('same seed, same sequence; another seed, another', () => {
  assert.equal(draw(42, 100, 'uniform'), draw(42, 100, 'uniform'));
  assert.not.equal(draw(43, 100, 'uniform'), draw(42, 100, 'uniform'));
});

test('uniform stays in [0, 1) with mean ½ and variance 1/12', () => {
  const xs = draw(1, 20_000, 'uniform');
  assert.ok(xs.every((x) => x >= 0 && x < 1));
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
  assert.ok(Math.abs(mean - 0.5) < 0.01, `mean ${mean}`);
  assert.ok(Math.abs(variance - 1 / 12) < 0.003, `variance ${variance}`);
});

test('normal has mean 0, sd 1 and ~95% within ±1.96', () => {
  const xs = draw(2, 20_000, 'normal');
  const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
  const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
  const inside = xs.filter((x) => Math.abs(x) < 1.96).length / xs.length;
  assert.ok(Math.abs(mean) < 0.03, `mean ${mean}`);
  assert.ok(Math.abs(sd - 1) < 0.03, `sd ${sd}`);
  assert.ok(Math.abs(inside - 0.95) < 0.01, `inside ${inside}`);
});

test('int and between stay in range', () => {
  const rng = createRng(3);
  for (let i = 0; i < 1000; i++) {
    const k = rng.int(3);
    assert.ok(k === 0 || k === 1 || k === 2);
    const x = rng.between(-2, 5);
    assert.ok(x >= -2 && x < 5);
  }
});

test('deriveSeed is stable and separates labels', () => {
  assert.is(deriveSeed(1, 'device', 3), deriveSeed(1, 'device', 3));
  const seeds = new Set([deriveSeed(1, 'device', 3), deriveSeed(1, 'device', 4), deriveSeed(2, 'device', 3), deriveSeed(1, 'clock', 3), deriveSeed(1, 'device', 31)]);
  assert.is(seeds.size, 5);
});

test.run();
