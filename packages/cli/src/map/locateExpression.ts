import { isMap, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';

/** `properties.owner`, `relations.system.rules[0].value` → path segments. */
function fieldSegments(field: string): Array<string | number> {
  const segments: Array<string | number> = [];
  for (const part of field.split('.')) {
    const match = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!match) {
      return [];
    }
    if (match[1]) segments.push(match[1]);
    for (const index of match[2].matchAll(/\[(\d+)\]/g)) {
      segments.push(Number(index[1]));
    }
  }
  return segments;
}

/**
 * Where a mapping expression sits in the mapping file: the line and column of the value at
 * `resources[i].port.entity.mappings[.j].<field>` whose text is `expression`. Undefined when the text is not YAML
 * or the value is not found.
 */
export function locateExpression(
  text: string,
  location: { resourceIndex: number; field: string; expression: string },
): { line: number; column: number } | undefined {
  const lineCounter = new LineCounter();
  const document = parseDocument(text, { lineCounter });
  if (document.errors.length > 0) {
    return undefined;
  }
  const root =
    isMap(document.contents) && !document.contents.has('resources')
      ? document.getIn(['port', 'mapping'], true)
      : document.contents;
  if (!isMap(root)) {
    return undefined;
  }
  const mappings = root.getIn(
    ['resources', location.resourceIndex, 'port', 'entity', 'mappings'],
    true,
  ) as Node | undefined;
  const candidates = isSeq(mappings) ? mappings.items : [mappings];
  for (const candidate of candidates) {
    if (!isMap(candidate)) continue;
    const node = candidate.getIn(fieldSegments(location.field), true);
    if (isScalar(node) && node.value === location.expression && node.range) {
      const { line, col } = lineCounter.linePos(node.range[0]);
      return { line, column: col };
    }
  }
  return undefined;
}
