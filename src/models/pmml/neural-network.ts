/**
 * NeuralNetwork (PMML 4.4 "Neural Network"): a feed-forward network compiled to flat arrays — one
 * activation buffer, each neuron a list of (source index, weight) — with the spec's activation and
 * normalization functions. NeuralOutputs map output neurons back to the target: a FieldRef or an
 * inverted NormContinuous for regression, NormDiscrete (one neuron per category) for classification.
 */

import type { Body, BodyContext } from './body.ts';
import { child, kids, num, oneOf, refuse, req } from './dom.ts';
import { compileExpr, expressionChild } from './expressions.ts';
import { expAccurate } from './math.ts';
import { classify, labelOf } from './prediction.ts';
import { asNumber, keyOf, parseAs, type Frame, type Getter } from './values.ts';
import type { El } from './xml.ts';

const ACTIVATIONS = [
  'threshold', 'logistic', 'tanh', 'identity', 'exponential', 'reciprocal', 'square', 'Gauss', 'sine', 'cosine', 'Elliott', 'arctan', 'rectifier', 'radialBasis',
] as const;
type Activation = (typeof ACTIVATIONS)[number];
const NORMALIZATIONS = ['none', 'simplemax', 'softmax'] as const;

export const NEURAL_NETWORK_CHILDREN = ['NeuralInputs', 'NeuralLayer', 'NeuralOutputs'];

interface Layer {
  /** Buffer index of each neuron's output. */
  readonly at: Int32Array;
  readonly bias: Float64Array;
  /** Per neuron: source buffer indices and weights. */
  readonly from: Int32Array[];
  readonly weights: Float64Array[];
  readonly activate: (z: number, neuron: number) => number;
  readonly radial: boolean;
  readonly normalization: (typeof NORMALIZATIONS)[number];
  readonly widths: Float64Array;
  readonly altitudes: Float64Array;
}

export function compileNeuralNetwork(ctx: BodyContext): Body {
  const { el, scope, target } = ctx;
  const index = new Map<string, number>();
  const inputsEl = child(el, 'NeuralInputs');
  if (!inputsEl) throw refuse(el, 'a NeuralNetwork needs NeuralInputs');
  const inputs: Getter[] = kids(inputsEl, ['NeuralInput']).map((ni) => {
    index.set(req(ni, 'id'), index.size);
    return derived(ni, ctx);
  });

  const layers: Layer[] = el.children.filter((l) => l.name === 'NeuralLayer').map((l) => compileLayer(l, el, index));
  if (layers.length === 0) throw refuse(el, 'a NeuralNetwork needs at least one NeuralLayer');
  const buffer = new Float64Array(index.size);

  const outputsEl = child(el, 'NeuralOutputs');
  if (!outputsEl) throw refuse(el, 'a NeuralNetwork needs NeuralOutputs');
  const outputs = kids(outputsEl, ['NeuralOutput']).map((no) => {
    const at = index.get(req(no, 'outputNeuron'));
    if (at === undefined) throw refuse(no, `outputNeuron "${no.attrs.outputNeuron}" is not a neuron`);
    const df = child(no, 'DerivedField');
    const expr = df ? expressionChild(df) : undefined;
    if (!expr) throw refuse(no, 'a NeuralOutput needs a DerivedField with an expression');
    return { at, expr };
  });

  /** Runs the network for the row; false when an input is missing. */
  const forward = (f: Frame): boolean => {
    for (let i = 0; i < inputs.length; i++) {
      const v = inputs[i]!(f);
      if (v === null) return false;
      buffer[i] = asNumber(v);
    }
    for (const layer of layers) runLayer(layer, buffer);
    return true;
  };

  if (!ctx.classification) {
    if (outputs.length !== 1) throw refuse(outputsEl, 'a regression NeuralNetwork needs one NeuralOutput');
    const { at, expr } = outputs[0]!;
    const decode = denormalizer(expr, target.name);
    return {
      predict(f) {
        if (!forward(f)) return target.fallback;
        return { value: target.rescale(decode(buffer[at]!)) };
      },
    };
  }
  const classes = outputs.map(({ at, expr }) => {
    if (expr.name !== 'NormDiscrete') throw refuse(expr, 'a classification NeuralOutput needs a NormDiscrete of the target');
    const raw = req(expr, 'value');
    return { at, key: keyOf(parseAs(target.dataType, raw) ?? raw) };
  });
  const label = labelOf(target);
  return {
    predict(f) {
      if (!forward(f)) return target.fallback;
      return classify(new Map(classes.map((c) => [c.key, buffer[c.at]!])), label);
    },
  };
}

/** A NeuralInput's DerivedField, compiled in the model's scope. */
function derived(ni: El, ctx: BodyContext): Getter {
  const df = child(ni, 'DerivedField');
  const expr = df ? expressionChild(df) : undefined;
  if (!expr) throw refuse(ni, 'a NeuralInput needs a DerivedField with an expression');
  return compileExpr(expr, ctx.scope).get;
}

function compileLayer(l: El, network: El, index: Map<string, number>): Layer {
  const fn = oneOf<Activation>(l, 'activationFunction', ACTIVATIONS, oneOf<Activation>(network, 'activationFunction', ACTIVATIONS, 'logistic'));
  const normalization = oneOf(l, 'normalizationMethod', NORMALIZATIONS, oneOf(network, 'normalizationMethod', NORMALIZATIONS, 'none'));
  const threshold = num(l, 'threshold', num(network, 'threshold', 0));
  const neurons = kids(l, ['Neuron']);
  const from: Int32Array[] = [];
  const weights: Float64Array[] = [];
  const widths = new Float64Array(neurons.length);
  const altitudes = new Float64Array(neurons.length);
  const bias = new Float64Array(neurons.length);
  const at = new Int32Array(neurons.length);
  // Neurons of a layer read only earlier layers: add them to the index after reading their Cons.
  neurons.forEach((n, i) => {
    const cons = kids(n, ['Con']);
    from.push(
      Int32Array.from(cons, (c) => {
        const src = index.get(req(c, 'from'));
        if (src === undefined) throw refuse(c, `Con from "${c.attrs.from}" is not an earlier neuron or input`);
        return src;
      }),
    );
    weights.push(Float64Array.from(cons, (c) => num(c, 'weight', NaN)));
    bias[i] = num(n, 'bias', 0);
    widths[i] = num(n, 'width', num(l, 'width', num(network, 'width', NaN)));
    altitudes[i] = num(n, 'altitude', num(l, 'altitude', num(network, 'altitude', 1)));
  });
  neurons.forEach((n, i) => {
    const id = req(n, 'id');
    if (index.has(id)) throw refuse(n, `neuron id "${id}" is used twice`);
    at[i] = index.size;
    index.set(id, index.size);
  });
  return { at, bias, from, weights, activate: activation(fn, threshold), radial: fn === 'radialBasis', normalization, widths, altitudes };
}

/** Activation functions of PMML 4.4 "Neural Network" (activationFunction). */
function activation(fn: Activation, threshold: number): (z: number, neuron: number) => number {
  switch (fn) {
    case 'threshold':
      return (z) => (z > threshold ? 1 : 0);
    case 'logistic':
      // expAccurate: Java's Math.exp rounds where V8's is an ulp off; chained layers would show it.
      return (z) => 1 / (1 + expAccurate(-z));
    case 'tanh':
      return Math.tanh;
    case 'identity':
    case 'radialBasis':
      return (z) => z;
    case 'exponential':
      return Math.exp;
    case 'reciprocal':
      return (z) => 1 / z;
    case 'square':
      return (z) => z * z;
    case 'Gauss':
      return (z) => Math.exp(-(z * z));
    case 'sine':
      return Math.sin;
    case 'cosine':
      return Math.cos;
    case 'Elliott':
      return (z) => z / (1 + Math.abs(z));
    case 'arctan':
      return (z) => (2 * Math.atan(z)) / Math.PI;
    case 'rectifier':
      return (z) => Math.max(0, z);
  }
}

function runLayer(layer: Layer, buffer: Float64Array): void {
  const n = layer.at.length;
  for (let i = 0; i < n; i++) {
    const from = layer.from[i]!;
    const w = layer.weights[i]!;
    let out: number;
    if (layer.radial) {
      // radialBasis: exp(fanIn·ln(altitude) − Σ(x − w)² / (2·width²))
      let z = 0;
      for (let j = 0; j < from.length; j++) {
        const d = buffer[from[j]!]! - w[j]!;
        z += d * d;
      }
      const width = layer.widths[i]!;
      out = Math.exp(from.length * Math.log(layer.altitudes[i]!) - z / (2 * width * width));
    } else {
      // Σ w·x first, bias last: JPMML's order, for identical rounding.
      let z = 0;
      for (let j = 0; j < from.length; j++) z += w[j]! * buffer[from[j]!]!;
      out = layer.activate(z + layer.bias[i]!, i);
    }
    buffer[layer.at[i]!] = out;
  }
  if (layer.normalization === 'softmax') {
    let max = -Infinity;
    for (let i = 0; i < n; i++) max = Math.max(max, buffer[layer.at[i]!]!);
    let sum = 0;
    for (let i = 0; i < n; i++) sum += buffer[layer.at[i]!] = Math.exp(buffer[layer.at[i]!]! - max);
    for (let i = 0; i < n; i++) buffer[layer.at[i]!] = buffer[layer.at[i]!]! / sum;
  } else if (layer.normalization === 'simplemax') {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += buffer[layer.at[i]!]!;
    for (let i = 0; i < n; i++) buffer[layer.at[i]!] = buffer[layer.at[i]!]! / sum;
  }
}

/** The regression NeuralOutput's expression read backwards: the neuron value → the target value. */
function denormalizer(expr: El, targetName: string | null): (y: number) => number {
  if (expr.name === 'FieldRef') return (y) => y;
  if (expr.name !== 'NormContinuous') throw refuse(expr, `a regression NeuralOutput with <${expr.name}> is not supported yet`);
  if (targetName !== null && expr.attrs.field !== targetName) throw refuse(expr, `NeuralOutput normalizes "${expr.attrs.field}", not the target`);
  const points = kids(expr, ['LinearNorm']).map((p) => ({ orig: num(p, 'orig', NaN), norm: num(p, 'norm', NaN) }));
  if (points.length < 2) throw refuse(expr, 'NormContinuous needs at least two LinearNorm points');
  return (y) => {
    // Invert the piecewise-linear map segment by segment (norm increases with orig); extrapolate at the ends.
    let i = 1;
    while (i < points.length - 1 && y > points[i]!.norm) i++;
    const a = points[i - 1]!;
    const b = points[i]!;
    return a.orig + ((y - a.norm) / (b.norm - a.norm)) * (b.orig - a.orig);
  };
}
