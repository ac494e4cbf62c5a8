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

/** True when `topic` matches `filter`. Topics starting with '$' never match a leading wildcard [MQTT-4.7.2-1]. */
export function topicMatches(filter: string, topic: string): boolean {
  const f = filter.split('/');
  const t = topic.split('/');
  if (topic.startsWith('$') && (f[0] === '+' || f[0] === '#')) return false;
  for (let i = 0; i < f.length; i++) {
    if (f[i] === '#') return true;
    if (i >= t.length) return false;
    if (f[i] !== '+' && f[i] !== t[i]) return false;
  }
  return f.length === t.length;
}

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
