/** A taint as the Kubernetes API holds it. */
export interface Taint {
  key: string;
  value?: string;
  effect: string;
}

/** A taint as kubelet's --register-with-taints takes it (`key=value:Effect`, `key:Effect`), as the API holds it. */
export function taintFromText(text: string): Taint {
  const colon = text.lastIndexOf(':');
  const head = text.slice(0, colon);
  const effect = text.slice(colon + 1);
  const eq = head.indexOf('=');
  return eq < 0 ? { key: head, effect } : { key: head.slice(0, eq), value: head.slice(eq + 1), effect };
}

const same = (a: Taint, b: Taint) =>
  a.key === b.key && a.effect === b.effect && (a.value ?? '') === (b.value ?? '');

/** The pool's taints a node lacks (a taint with the same key and effect but another value counts as lacking). */
export function missingTaints(wanted: readonly Taint[], present: readonly Taint[]): Taint[] {
  return wanted.filter((w) => !present.some((p) => same(w, p)));
}

/** The node's taints with the pool's put in: same key and effect replaced, the rest kept. */
export function withTaints(present: readonly Taint[], wanted: readonly Taint[]): Taint[] {
  const kept = present.filter((p) => !wanted.some((w) => w.key === p.key && w.effect === p.effect));
  return [...kept, ...wanted];
}
