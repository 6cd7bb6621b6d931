// Every call the explorer makes: GraphQL over HTTP, POST /graphql on this page's origin. Nothing
// here knows about the drawing or the DOM.

export class ApiError extends Error {}

export async function gql(query, variables = {}) {
  let response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
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
    throw new ApiError(e.extensions?.code ? `${e.message} (${e.extensions.code})` : e.message);
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
