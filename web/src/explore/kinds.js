// Node and relation kinds: colours, shapes and labels for the drawing, the legend and the filters.

export const NODE_KINDS = [
  { kind: 'AGENCY', label: 'Agency', color: '#1f77b4', shape: 'round-rectangle' },
  { kind: 'TECHNICAL_COMMITTEE', label: 'Technical committee', color: '#ff7f0e', shape: 'round-rectangle' },
  { kind: 'STANDARD', label: 'Standard', color: '#2ca02c', shape: 'ellipse' },
  { kind: 'EVENT', label: 'Event', color: '#d62728', shape: 'diamond' },
  { kind: 'MOU', label: 'MoU', color: '#9467bd', shape: 'hexagon' },
  { kind: 'DOCUMENT', label: 'Document', color: '#8c564b', shape: 'rectangle' },
  { kind: 'PERSON', label: 'Person', color: '#e377c2', shape: 'ellipse' },
  { kind: 'TOPIC', label: 'Topic', color: '#7f7f7f', shape: 'tag' },
  { kind: 'SOURCE', label: 'Source', color: '#bcbd22', shape: 'vee' },
];

export const RELATION_KINDS = [
  'PART_OF', 'ESTABLISHED_BY', 'ISSUED_BY', 'DRAFTED_BY', 'MANAGED_BY', 'ORGANIZED_BY', 'HOSTED_BY',
  'ATTENDED_BY', 'PARTY_TO', 'PRODUCED', 'DISCUSSED', 'SUPERSEDES', 'CORRESPONDS_TO', 'ADOPTS',
  'REFERENCES', 'COVERS_TOPIC', 'AFFILIATED_WITH', 'LEADS', 'FUNDED_BY', 'SUCCEEDED_BY', 'GUIDED_BY',
];

const byKind = Object.fromEntries(NODE_KINDS.map((k) => [k.kind, k]));

export const kindInfo = (kind) => byKind[kind] ?? { kind, label: kind, color: '#999', shape: 'ellipse' };

/** `ISSUED_BY` -> `issued by`. */
export const relationLabel = (kind) => kind.toLowerCase().replaceAll('_', ' ');

/** The fact kinds of the timeline, readable. */
export const factLabel = (kind) => relationLabel(kind).replace(/^./, (c) => c.toUpperCase());

/** An agency's abbreviation or a committee's or standard's code, when it differs from the name. */
export function abbreviationOrCode(node) {
  const short = node.abbreviation || node.code;
  return short && short !== node.name ? short : null;
}

/** A node's short name for labels: abbreviation or code where it has one, else its name. */
export function shortName(node) {
  const short = node.abbreviation || node.code;
  if (short) return short;
  const name = node.name ?? node.id;
  return name.length > 42 ? name.slice(0, 40).trimEnd() + '…' : name;
}
