/** MQTT topic filters: validation and matching ([MQTT-4.7.1] wildcard rules). */

/** Returns why a topic filter is invalid, or undefined when it is valid. */
export function checkTopicFilter(filter: string): string | undefined {
  if (filter.length === 0) return 'must not be empty';
  const levels = filter.split('/');
  for (let i = 0; i < levels.length; i++) {
    const level = levels[i]!;
    // [MQTT-4.7.1-2] '#' must be the last character and occupy a whole level
    if (level.includes('#') && (level !== '#' || i !== levels.length - 1)) return `'#' must be a whole last level`;
    // [MQTT-4.7.1-3] '+' must occupy a whole level
    if (level.includes('+') && level !== '+') return `'+' must be a whole level`;
  }
  return undefined;
}

/**
 * True when every topic that `filter` matches is also matched by `allowed` (MQTT 3.1.1 §4.7: '+'
 * one level, '#' the rest, last). A subscription is granted only within the user's own filters.
 */
export function filterWithin(filter: string, allowed: string): boolean {
  const f = filter.split('/');
  const a = allowed.split('/');
  // [MQTT-4.7.2-1] a leading wildcard never reaches '$' topics ($SYS), so it grants none either.
  if (filter.startsWith('$') && (a[0] === '+' || a[0] === '#')) return false;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === '#') return true;
    if (i >= f.length) return false;
    if (f[i] === '#') return false;
    if (a[i] === '+') continue;
    if (f[i] !== a[i]) return false;
  }
  return f.length === a.length;
}

/** True when `topic` matches `filter`: a topic (no wildcards [MQTT-3.3.2-2]) is the narrowest filter. */
export const topicMatches = (filter: string, topic: string): boolean => filterWithin(topic, filter);

/** Fills `{pipeline}` and `{key}` in a topic template. */
export function renderTopic(template: string, vars: { pipeline: string; key: string }): string {
  return template.replaceAll('{pipeline}', vars.pipeline).replaceAll('{key}', vars.key);
}

/** A broker URL fit for logs and errors: `mqtt://user:secret@host` → `mqtt://user:***@host`. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');
  }
}
