/** Where a V8 CPU profile's time went: self time by area (package or source folder) and by function. */

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** `node_modules/<pkg>`, `server/<folder>`, `node:<module>`, or V8's own bucket names. */
function areaOf(url: string, functionName: string): string {
  if (url === '') return functionName === '' ? '(native)' : `(${functionName.replace(/^\(|\)$/g, '')})`;
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (modules?.[1] !== undefined) return modules[1];
  const server = /packages\/server\/src\/([^/]+(?:\/[^/]+)?)\//.exec(url);
  if (server?.[1] !== undefined) return `server/${server[1]}`;
  const sandbox = /packages\/sandbox\//.test(url);
  if (sandbox) return 'sandbox';
  if (url.startsWith('node:')) return url.split('/')[0] ?? url;
  return url.replace(/^file:\/\/.*\//, '');
}

function shortUrl(url: string): string {
  return url
    .replace(/^file:\/\//, '')
    .replace(/^.*node_modules\//, '')
    .replace(/^.*packages\//, '');
}

/** Functions whose inclusive time tells the cost of one step of a call. */
const STEPS = [
  'authenticateBearer',
  'withTenant',
  'handlePostRequest',
  'runTool',
  'instanceForIssue',
  'tenantInstances',
  'cachedRead',
  'issueView',
  'toCallToolResult',
  'writeSSEEvent',
  'send',
];

export function summarizeProfile(profile: CpuProfile, top = 25): string {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  // The profiler's own stop (inspector `post` building the profile) is not the server's work.
  const parents = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parents.set(child, node.id);
  for (const id of [...self.keys()]) {
    for (let up: number | undefined = id; up !== undefined; up = parents.get(up)) {
      const frame = byId.get(up)?.callFrame;
      if (frame?.url === 'node:inspector' && frame.functionName === 'post') {
        self.delete(id);
        break;
      }
    }
  }
  const total = [...self.values()].reduce((s, x) => s + x, 0);
  // Inclusive time of a step: its frames' self time plus their callees', outermost frame only.
  const inclusive = new Map<string, number>();
  const walk = (id: number, open: ReadonlySet<string>): number => {
    const node = byId.get(id);
    if (node === undefined) return 0;
    const name = node.callFrame.functionName;
    const entering = STEPS.includes(name) && !open.has(name);
    const inner = entering ? new Set([...open, name]) : open;
    let sum = self.get(id) ?? 0;
    for (const child of node.children ?? []) sum += walk(child, inner);
    if (entering) inclusive.set(name, (inclusive.get(name) ?? 0) + sum);
    return sum;
  };
  const root = profile.nodes[0];
  if (root !== undefined) walk(root.id, new Set());
  const areas = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (node === undefined) continue;
    const { functionName, url, lineNumber } = node.callFrame;
    const area = areaOf(url, functionName);
    areas.set(area, (areas.get(area) ?? 0) + us);
    const fn = `${functionName || '(anonymous)'}  ${url === '' ? '' : `${shortUrl(url)}:${lineNumber + 1}`}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const pct = (us: number): string => `${((us / total) * 100).toFixed(1).padStart(5)}%`;
  const lines = [
    `server CPU profile, 16-client phase: ${(total / 1000).toFixed(0)} ms sampled`,
    '',
    'self time by area',
  ];
  for (const [area, us] of [...areas].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(us)}  ${area}`);
  lines.push('', 'inclusive time of steps (async continuations are not attributed to their caller)');
  for (const name of STEPS) {
    const us = inclusive.get(name);
    if (us !== undefined) lines.push(`  ${pct(us)}  ${name}`);
  }
  // Native frames say little alone: name the JavaScript that called the heaviest ones.
  const parentOf = parents;
  const natives = [...functions]
    .filter(([fn]) => fn.endsWith('  '))
    .sort((a, b) => b[1] - a[1])
    .slice(0, 4)
    .map(([fn]) => fn.trim());
  for (const native of natives) {
    if (native.startsWith('(')) continue;
    const callers = new Map<string, number>();
    for (const [id, us] of self) {
      if (byId.get(id)?.callFrame.functionName !== native) continue;
      let up = parentOf.get(id);
      // The first caller with a source location.
      while (up !== undefined && byId.get(up)?.callFrame.url === '') up = parentOf.get(up);
      const frame = up === undefined ? undefined : byId.get(up)?.callFrame;
      const label =
        frame === undefined
          ? '(root)'
          : `${frame.functionName || '(anonymous)'} ${shortUrl(frame.url)}:${frame.lineNumber + 1}`;
      callers.set(label, (callers.get(label) ?? 0) + us);
    }
    lines.push('', `callers of native ${native}`);
    for (const [label, us] of [...callers].sort((a, b) => b[1] - a[1]).slice(0, 5))
      lines.push(`  ${pct(us)}  ${label}`);
  }
  lines.push('', 'self time by function');
  for (const [fn, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top))
    lines.push(`  ${pct(us)}  ${fn}`);
  return lines.join('\n');
}
