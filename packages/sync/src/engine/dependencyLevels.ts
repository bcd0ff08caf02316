/**
 * Orders nodes so that each comes after the nodes it depends on (Kahn's algorithm), as
 * levels that can each be written in parallel. Dependencies outside the set are ignored.
 * Nodes on a cycle, or depending on one, cannot be ordered: they come back in `cyclic`.
 */
export function dependencyLevels(
  nodes: Array<{ id: string; dependsOn: string[] }>,
): { levels: number[][]; cyclic: number[] } {
  const indexById = new Map<string, number[]>();
  nodes.forEach((node, index) => {
    indexById.set(node.id, [...(indexById.get(node.id) ?? []), index]);
  });
  const waitingOn = new Array<number>(nodes.length).fill(0);
  const dependents: number[][] = nodes.map(() => []);
  nodes.forEach((node, index) => {
    for (const target of new Set(node.dependsOn)) {
      for (const dependency of indexById.get(target) ?? []) {
        if (dependency === index) continue;
        waitingOn[index] += 1;
        dependents[dependency].push(index);
      }
    }
  });

  const levels: number[][] = [];
  let ready = nodes.map((_, i) => i).filter(i => waitingOn[i] === 0);
  let placed = 0;
  while (ready.length > 0) {
    levels.push(ready);
    placed += ready.length;
    const next: number[] = [];
    for (const index of ready) {
      for (const dependent of dependents[index]) {
        waitingOn[dependent] -= 1;
        if (waitingOn[dependent] === 0) next.push(dependent);
      }
    }
    ready = next;
  }
  const cyclic =
    placed === nodes.length
      ? []
      : nodes.map((_, i) => i).filter(i => waitingOn[i] > 0);
  return { levels, cyclic };
}
