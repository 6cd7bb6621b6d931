// Every call the explorer makes: GraphQL over HTTP, POST /graphql on this page's origin. Nothing
// here knows about the drawing or the DOM.

/**
 * A GraphQL error (or a failed request). `code` and `reason` are the first error's
 * `extensions.code` and `extensions.reason`; `extensions` is all of them (a CONFLICT names its items in
 * `extensions.items`).
 */
export class ApiError extends Error {
  constructor(message, extensions = {}) {
    super(message);
    this.extensions = extensions;
    this.code = extensions.code ?? null;
    this.reason = extensions.reason ?? null;
  }
}

/** "message (CODE: REASON)", what the pages show of an error. */
function errorText(e) {
  const tags = [e.extensions?.code, e.extensions?.reason].filter(Boolean).join(': ');
  return tags ? `${e.message} (${tags})` : e.message;
}

/**
 * Runs one GraphQL operation. `key`, when given, goes as `Authorization: Bearer <key>` (writes need an
 * editor's key).
 */
export async function gql(query, variables = {}, { key = null } = {}) {
  const headers = { 'Content-Type': 'application/json', Accept: 'application/json' };
  if (key) headers.Authorization = `Bearer ${key}`;
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
  } catch (e) {
    throw new ApiError(`cannot reach the server: ${e.message}`);
  }
  let body;
  try {
    body = await response.json();
  } catch {
    throw new ApiError(`the server answered ${response.status} ${response.statusText}`);
  }
  if (body.errors?.length) {
    const e = body.errors[0];
    throw new ApiError(errorText(e), e.extensions ?? {});
  }
  if (!response.ok) throw new ApiError(`the server answered ${response.status}`);
  return body.data;
}

// The fields the drawing needs for a node's label: its short name by kind.
const NODE_BRIEF = `
  id kind name nameZh
  ... on Agency { abbreviation }
  ... on TechnicalCommittee { code }
  ... on Standard { code }
`;

const SOURCE_FIELDS = 'id name title article section issue issued publication url';

const RELATION_FIELDS = `
  id kind role date degree note count inferred
  from { id } to { id }
  sources { ${SOURCE_FIELDS} }
`;

/** Ranked search by name (English or Chinese), abbreviation, alias or any spelling of a code. */
export async function search(query, first = 12) {
  const data = await gql(
    `query ExplorerSearch($query: String!, $first: Int) {
      search(query: $query, first: $first) {
        totalCount
        edges { score matchedOn node { ${NODE_BRIEF} } }
      }
    }`,
    { query, first },
  );
  return data.search;
}

/** The subgraph within `depth` steps of a node (id, name or abbreviation). */
export async function neighborhood(id, { depth = 1, limit = 200 } = {}) {
  const data = await gql(
    `query ExplorerNeighborhood($id: String!, $depth: Int!, $limit: Int!) {
      neighborhood(id: $id, depth: $depth, limit: $limit) {
        truncated nodeCount relationCount
        nodes { depth node { ${NODE_BRIEF} } }
        relations { id kind role inferred from { id } to { id } }
      }
    }`,
    { id, depth, limit },
  );
  return data.neighborhood;
}

/** One node with its kind-specific fields, its relations (with sources) and its own sources. */
export async function nodeDetails(id) {
  const data = await gql(
    `query ExplorerNode($id: ID!) {
      node(id: $id) {
        ${NODE_BRIEF}
        aliases description version
        sources { ${SOURCE_FIELDS} }
        ... on Agency { figures { measure value qualifier } category country }
        ... on TechnicalCommittee { figures { measure value qualifier } committeeLevel: level scope established committeeStatus: status }
        ... on Standard { figures { measure value qualifier } title titleZh level type status proposed published inForce withdrawn commentDeadline }
        ... on Event { figures { measure value qualifier } eventKind start end city country }
        ... on Mou { figures { measure value qualifier } subject signed renewed mouStatus: status }
        ... on Document { figures { measure value qualifier } docKind number docStatus: status issued commentDeadline inForce url }
        ... on Person { figures { measure value qualifier } title }
        ... on Topic { figures { measure value qualifier } }
        ... on Source { figures { measure value qualifier } publication issue issued article section title url mentions { ${NODE_BRIEF} } }
        relations(first: 500) {
          totalCount
          edges {
            kind direction
            node { ${NODE_BRIEF} }
            relation { ${RELATION_FIELDS} }
          }
        }
      }
    }`,
    { id },
  );
  return data.node;
}

/** A shortest path between two nodes (ids, names or abbreviations), or null. */
export async function shortestPath(from, to, { nodeKinds = null, maxLength = 8 } = {}) {
  const data = await gql(
    `query ExplorerPath($from: String!, $to: String!, $nodeKinds: [NodeKind!], $maxLength: Int!) {
      shortestPath(from: $from, to: $to, nodeKinds: $nodeKinds, maxLength: $maxLength) {
        length
        start { ${NODE_BRIEF} }
        steps {
          direction
          node { ${NODE_BRIEF} }
          relation { ${RELATION_FIELDS} }
        }
      }
    }`,
    { from, to, nodeKinds, maxLength },
  );
  return data.shortestPath;
}

/** Dated facts about a node and its direct neighbours, in date order. */
export async function timeline(relatedTo, first = 200) {
  const data = await gql(
    `query ExplorerTimeline($relatedTo: String!, $first: Int!) {
      timeline(relatedTo: $relatedTo, first: $first) {
        date end kind
        node { ${NODE_BRIEF} }
      }
    }`,
    { relatedTo, first },
  );
  return data.timeline;
}

// ---- ingest and review (the Ingest page) ----------------------------------------------------------
// Writes take the editor's key; reads take it too when one is given (servers may require keys to read).

const SUMMARY_FIELDS = 'id createdAt createdBy publication issue status articleCount pending accepted rejected';
const PROPOSAL_HEAD = 'id createdAt createdBy publication issue issued format status pending accepted rejected';
const ARTICLE_FIELDS = `
  source number section title text url
  mentions { start end kind text value role link { node matched score proposed } }
`;
const ITEM_FIELDS = `
  id op summary rule confidence status
  evidence { source start end sentence }
  requires node target field value previous relation
`;

/**
 * Reads a text into a stored proposal (changes nothing in the graph). `text` is the text itself, or a
 * file's bytes in base64 with `encoding: 'BASE64'`; `format` null lets the server detect it.
 */
export async function ingest({ text, format = null, encoding = 'PLAIN', issue = null, publication = null }, key) {
  const data = await gql(
    `mutation ExplorerIngest($text: String!, $format: IngestFormat, $encoding: IngestEncoding, $issue: String, $publication: String) {
      ingest(text: $text, format: $format, encoding: $encoding, issue: $issue, publication: $publication) { ${PROPOSAL_HEAD} }
    }`,
    { text, format, encoding, issue, publication },
    { key },
  );
  return data.ingest;
}

/** The proposals, newest first; `status` OPEN or DONE keeps only those. */
export async function proposals(key, status = null, first = 50) {
  const data = await gql(
    `query ExplorerProposals($status: ProposalStatus, $first: Int) { proposals(status: $status, first: $first) { ${SUMMARY_FIELDS} } }`,
    { status, first },
    { key },
  );
  return data.proposals;
}

/** A proposal with its articles (text and mentions), or null. */
export async function proposal(id, key) {
  const data = await gql(
    `query ExplorerProposal($id: ID!) { proposal(id: $id) { ${PROPOSAL_HEAD} articles { ${ARTICLE_FIELDS} } } }`,
    { id },
    { key },
  );
  return data.proposal;
}

/**
 * A proposal's counts, the items with evidence in one article (`source`, or all items when null), and
 * of every item only its status and articles (`every`, for the counts per article).
 */
export async function proposalItems(id, source, key) {
  const data = await gql(
    `query ExplorerProposalItems($id: ID!, $source: ID) {
      proposal(id: $id) {
        ${PROPOSAL_HEAD}
        items(source: $source) { ${ITEM_FIELDS} }
        every: items { status evidence { source } }
      }
    }`,
    { id, source },
    { key },
  );
  return data.proposal;
}

/** Accepts and rejects items of a proposal in one all-or-nothing write. */
export async function reviewProposal(id, { accept = [], reject = [] }, key) {
  const data = await gql(
    `mutation ExplorerReview($id: ID!, $accept: [ID!]!, $reject: [ID!]!) {
      reviewProposal(id: $id, accept: $accept, reject: $reject) { applied rejected proposal { ${PROPOSAL_HEAD} } }
    }`,
    { id, accept, reject },
    { key },
  );
  return data.reviewProposal;
}

/** Changes a pending item's fields (a JSON object, checked like a write). */
export async function editProposalItem(proposalId, item, fields, key) {
  const data = await gql(
    `mutation ExplorerEditItem($proposal: ID!, $item: ID!, $fields: JSON!) {
      editProposalItem(proposal: $proposal, item: $item, fields: $fields) { ${ITEM_FIELDS} }
    }`,
    { proposal: proposalId, item, fields },
    { key },
  );
  return data.editProposalItem;
}

/** Replaces a pending CREATE_NODE item by an existing node. */
export async function mergeProposalItem(proposalId, item, into, key) {
  const data = await gql(
    `mutation ExplorerMergeItem($proposal: ID!, $item: ID!, $into: ID!) {
      mergeProposalItem(proposal: $proposal, item: $item, into: $into) { ${PROPOSAL_HEAD} }
    }`,
    { proposal: proposalId, item, into },
    { key },
  );
  return data.mergeProposalItem;
}
