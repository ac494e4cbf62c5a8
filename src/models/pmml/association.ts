/**
 * AssociationModel (PMML 4.4 "Association Rules"): a basket — the item values of all rows sharing
 * the usageType="group" field — is matched against every rule. A rule is a recommendation when its
 * antecedent is in the basket, an exclusive one when its consequent is not, a rule association when
 * both are; OutputField ruleValue ranks those lists (see output.ts).
 */

import type { Body, BodyContext } from './body.ts';
import { kids, num, refuse, req } from './dom.ts';
import type { AssociationRule } from './prediction.ts';
import { keyOf, type Value } from './values.ts';

export const ASSOCIATION_CHILDREN = ['Item', 'Itemset', 'AssociationRule'];

interface Rule extends AssociationRule {
  readonly antecedent: readonly string[];
  readonly consequent: readonly string[];
}

export function compileAssociationModel(ctx: BodyContext): Body {
  const { el } = ctx;
  const active = ctx.inputs.filter((i) => !i.group);
  if (active.length !== 1) throw refuse(el, 'an AssociationModel needs one active (item) field at the top level');
  const itemSlot = active[0]!.rawSlot;
  const items = new Map<string, string>();
  const itemsets = new Map<string, string[]>();
  const ruleEls: typeof el.children = [];
  for (const c of kids(el, ['MiningSchema', 'Output', 'LocalTransformations', 'Item', 'Itemset', 'AssociationRule'])) {
    if (c.name === 'Item') {
      if (c.attrs.field !== undefined || c.attrs.category !== undefined) throw refuse(c, 'Items of field/category form are not supported yet');
      items.set(req(c, 'id'), req(c, 'value'));
    } else if (c.name === 'Itemset') {
      itemsets.set(req(c, 'id'), []);
      for (const ref of kids(c, ['ItemRef'])) {
        const value = items.get(req(ref, 'itemRef'));
        if (value === undefined) throw refuse(ref, `itemRef "${ref.attrs.itemRef}" is not an Item`);
        itemsets.get(req(c, 'id'))!.push(value);
      }
    } else if (c.name === 'AssociationRule') ruleEls.push(c);
  }
  const rules: Rule[] = ruleEls.map((r, i) => {
    const set = (attr: string): string[] => {
      const s = itemsets.get(req(r, attr));
      if (!s) throw refuse(r, `${attr} "${r.attrs[attr]}" is not an Itemset`);
      return s;
    };
    return {
      id: r.attrs.id ?? String(i + 1),
      support: num(r, 'support', NaN),
      confidence: num(r, 'confidence', NaN),
      lift: num(r, 'lift'),
      leverage: num(r, 'leverage'),
      affinity: num(r, 'affinity'),
      antecedent: set('antecedent'),
      consequent: set('consequent'),
    };
  });

  return {
    predict(f) {
      const raw = f[itemSlot] as unknown as Value | readonly Value[] | undefined;
      const list = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw as Value];
      const basket = new Set(list.filter((v): v is NonNullable<Value> => v !== null).map(keyOf));
      const recommendation: Rule[] = [];
      const exclusiveRecommendation: Rule[] = [];
      const ruleAssociation: Rule[] = [];
      for (const r of rules) {
        if (!r.antecedent.every((v) => basket.has(v))) continue;
        recommendation.push(r);
        const inside = r.consequent.filter((v) => basket.has(v)).length;
        if (inside === 0) exclusiveRecommendation.push(r);
        if (inside === r.consequent.length) ruleAssociation.push(r);
      }
      return { value: null, rules: { recommendation, exclusiveRecommendation, ruleAssociation } };
    },
  };
}
