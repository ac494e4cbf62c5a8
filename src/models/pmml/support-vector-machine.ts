/**
 * SupportVectorMachineModel (PMML 4.4 "Support Vector Machine"): support vectors as dense arrays,
 * f(x) = Σ αᵢ·K(x, svᵢ) + b per machine. Regression returns f; classification is OneAgainstOne
 * (each machine votes for targetCategory when f < threshold, unless maxWins) or OneAgainstAll
 * (the machine with the lowest f wins, the highest with maxWins); probabilities are vote shares.
 */

import type { Body, BodyContext } from './body.ts';
import { child, kids, num, numberList, oneOf, refuse, req } from './dom.ts';
import { classify, labelOf } from './prediction.ts';
import { asNumber, equalsLiteral, keyOf, parseAs, type Frame, type Getter } from './values.ts';
import type { El } from './xml.ts';

const KERNELS = ['LinearKernelType', 'PolynomialKernelType', 'RadialBasisKernelType', 'SigmoidKernelType'];
export const SUPPORT_VECTOR_MACHINE_CHILDREN = [...KERNELS, 'VectorDictionary', 'SupportVectorMachine'];

type Kernel = (x: Float64Array, v: Float64Array) => number;

interface Machine {
  readonly target?: string;
  readonly alternate?: string;
  readonly threshold: number;
  readonly f: (x: Float64Array) => number;
}

export function compileSupportVectorMachineModel(ctx: BodyContext): Body {
  const { el, scope, target } = ctx;
  const representation = oneOf(el, 'svmRepresentation', ['SupportVectors', 'Coefficients'], 'SupportVectors');
  const dictEl = child(el, 'VectorDictionary');
  if (!dictEl) throw refuse(el, 'a SupportVectorMachineModel needs a VectorDictionary');
  const dictKids = kids(dictEl, ['VectorFields', 'VectorInstance']);
  const fieldsEl = dictKids.find((c) => c.name === 'VectorFields');
  if (!fieldsEl) throw refuse(dictEl, 'a VectorDictionary needs VectorFields');
  const fields: Getter[] = kids(fieldsEl, ['FieldRef', 'CategoricalPredictor']).map((r) => {
    if (r.name === 'FieldRef') return scope.resolve(req(r, 'field'), r).get;
    // A CategoricalPredictor column: coefficient when the field equals value, else 0 (PMML 4.4 "VectorFields").
    const def = scope.resolve(req(r, 'name'), r);
    const eq = equalsLiteral(def.dataType, req(r, 'value'));
    const coefficient = num(r, 'coefficient', 1);
    return (f: Frame) => {
      const v = def.get(f);
      return v === null ? null : eq(v) ? coefficient : 0;
    };
  });
  const vectors = new Map<string, Float64Array>();
  for (const vi of dictKids.filter((c) => c.name === 'VectorInstance')) vectors.set(req(vi, 'id'), readVector(vi, fields.length));

  const kernel = representation === 'SupportVectors' ? compileKernel(el) : undefined;
  const modelThreshold = num(el, 'threshold', 0);
  const machines: Machine[] = el.children
    .filter((c) => c.name === 'SupportVectorMachine')
    .map((m) => ({
      target: m.attrs.targetCategory === undefined ? undefined : keyOf(parseAs(target.dataType, m.attrs.targetCategory) ?? m.attrs.targetCategory),
      alternate: m.attrs.alternateTargetCategory === undefined ? undefined : keyOf(parseAs(target.dataType, m.attrs.alternateTargetCategory) ?? m.attrs.alternateTargetCategory),
      threshold: num(m, 'threshold', modelThreshold),
      f: compileMachine(m, { kernel, vectors, width: fields.length }),
    }));
  if (machines.length === 0) throw refuse(el, 'a SupportVectorMachineModel needs a SupportVectorMachine');

  const x = new Float64Array(fields.length);
  const fill = (f: Frame): boolean => {
    for (let i = 0; i < fields.length; i++) {
      const v = fields[i]!(f);
      if (v === null) return false;
      x[i] = asNumber(v);
    }
    return true;
  };

  if (!ctx.classification) {
    const m = machines[0]!;
    return {
      predict(f) {
        if (!fill(f)) return target.fallback;
        return { value: target.rescale(m.f(x)) };
      },
    };
  }

  const maxWins = el.attrs.maxWins === 'true';
  // Unset classificationMethod: machines with alternate categories are pairwise (as JPMML infers).
  const method = oneOf(el, 'classificationMethod', ['OneAgainstAll', 'OneAgainstOne'], machines.every((m) => m.alternate !== undefined) ? 'OneAgainstOne' : 'OneAgainstAll');
  const label = labelOf(target);
  if (method === 'OneAgainstAll') {
    if (machines.some((m) => m.target === undefined)) throw refuse(el, 'OneAgainstAll needs a targetCategory on every SupportVectorMachine');
    return {
      predict(f) {
        if (!fill(f)) return target.fallback;
        let best: Machine | undefined;
        let bestF = NaN;
        for (const m of machines) {
          const y = m.f(x);
          if (best === undefined || (maxWins ? y > bestF : y < bestF)) {
            best = m;
            bestF = y;
          }
        }
        return { value: label(best!.target!) };
      },
    };
  }
  if (machines.some((m) => m.target === undefined || m.alternate === undefined)) throw refuse(el, 'OneAgainstOne needs targetCategory and alternateTargetCategory on every SupportVectorMachine');
  const declared = target.categories.map(keyOf);
  return {
    predict(f) {
      if (!fill(f)) return target.fallback;
      const votes = new Map<string, number>(declared.map((k) => [k, 0]));
      for (const m of machines) {
        const y = m.f(x);
        const winner = (maxWins ? y > m.threshold : y < m.threshold) ? m.target! : m.alternate!;
        votes.set(winner, (votes.get(winner) ?? 0) + 1);
      }
      for (const [k, v] of votes) votes.set(k, v / machines.length);
      return classify(votes, label);
    },
  };
}

/** A VectorInstance: REAL-SparseArray (1-based Indices) or a dense Array, as a dense vector. */
function readVector(vi: El, width: number): Float64Array {
  const out = new Float64Array(width);
  const arr = kids(vi, ['REAL-SparseArray', 'Array'])[0];
  if (!arr) throw refuse(vi, 'a VectorInstance needs a REAL-SparseArray or an Array');
  if (arr.name === 'Array') {
    const values = numberList(arr);
    if (values.length !== width) throw refuse(arr, `expected ${width} values, found ${values.length}`);
    out.set(values);
    return out;
  }
  const parts = kids(arr, ['Indices', 'REAL-Entries']);
  const indices = numberList(parts.find((p) => p.name === 'Indices') ?? arr);
  const entries = numberList(parts.find((p) => p.name === 'REAL-Entries') ?? arr);
  if (indices.length !== entries.length) throw refuse(arr, 'Indices and REAL-Entries differ in length');
  indices.forEach((i, k) => {
    if (!(i >= 1 && i <= width)) throw refuse(arr, `index ${i} is outside 1..${width}`);
    out[i - 1] = entries[k]!;
  });
  return out;
}

/** Kernel functions of PMML 4.4 "Support Vector Machine" (KernelType elements). */
function compileKernel(el: El): Kernel {
  const k = el.children.find((c) => KERNELS.includes(c.name));
  if (!k) throw refuse(el, 'a SupportVectorMachineModel needs a kernel type');
  const dot = (x: Float64Array, v: Float64Array): number => {
    let s = 0;
    for (let i = 0; i < x.length; i++) s += x[i]! * v[i]!;
    return s;
  };
  const gamma = num(k, 'gamma', 1);
  const coef0 = num(k, 'coef0', 1);
  const degree = num(k, 'degree', 1);
  switch (k.name) {
    case 'LinearKernelType':
      return dot;
    case 'PolynomialKernelType':
      return (x, v) => Math.pow(gamma * dot(x, v) + coef0, degree);
    case 'SigmoidKernelType':
      return (x, v) => Math.tanh(gamma * dot(x, v) + coef0);
    default:
      return (x, v) => {
        let s = 0;
        for (let i = 0; i < x.length; i++) {
          const d = x[i]! - v[i]!;
          s += d * d;
        }
        return Math.exp(-gamma * s);
      };
  }
}

/** One machine: Σ αᵢ·K(x, svᵢ) + b, or Σ cᵢ·xᵢ + b for svmRepresentation="Coefficients". */
function compileMachine(m: El, opts: { kernel?: Kernel; vectors: Map<string, Float64Array>; width: number }): (x: Float64Array) => number {
  const parts = kids(m, ['SupportVectors', 'Coefficients']);
  const coefEl = parts.find((p) => p.name === 'Coefficients');
  if (!coefEl) throw refuse(m, 'a SupportVectorMachine needs Coefficients');
  const b = num(coefEl, 'absoluteValue', 0);
  const coefs = Float64Array.from(kids(coefEl, ['Coefficient']), (c) => num(c, 'value', 0));
  if (!opts.kernel) {
    if (coefs.length !== opts.width) throw refuse(coefEl, `expected ${opts.width} coefficients, found ${coefs.length}`);
    return (x) => {
      let s = b;
      for (let i = 0; i < x.length; i++) s += coefs[i]! * x[i]!;
      return s;
    };
  }
  const svEl = parts.find((p) => p.name === 'SupportVectors');
  const svs = svEl
    ? kids(svEl, ['SupportVector']).map((s) => {
        const v = opts.vectors.get(req(s, 'vectorId'));
        if (!v) throw refuse(s, `vectorId "${s.attrs.vectorId}" is not in the VectorDictionary`);
        return v;
      })
    : [];
  if (svs.length !== coefs.length) throw refuse(coefEl, `expected ${svs.length} coefficients, found ${coefs.length}`);
  const kernel = opts.kernel;
  return (x) => {
    let s = 0;
    for (let i = 0; i < svs.length; i++) s += coefs[i]! * kernel(x, svs[i]!);
    return s + b;
  };
}
