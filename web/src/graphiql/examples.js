// The tabs GraphiQL opens with (its `defaultTabs`, used while the browser has no saved tabs): real
// questions the 2019 newsletter answers, taken from README.md's "Questions the newsletter answers".

const tab = (query) => ({ query: query.trim() + '\n' });

export const EXAMPLE_TABS = [
  tab(`
# 1. A standard by any spelling of its code (Cybersecurity,
# article 14): when does GB/T 22239-2019 come into force, who
# issued it, what does it replace, and what was its status in
# June and in December 2019? The code may be typed as
# GB/T 22239-2019, GB/T22239-2019, with an em dash, in lower
# case or in full-width characters. Press the run button (or
# Ctrl-Enter).
query StandardByAnySpelling {
  standard(code: "gb/t 22239—2019") {
    code
    title
    published
    inForce
    issuedBy { id name }
    supersedes { id }
  }
  june: standard(code: "GB/T 22239-2019", asOf: "2019-06-01") { status }
  december: standard(code: "GB/T 22239-2019", asOf: "2019-12-01") { status }
  oldEditionIn2020: standard(code: "GB/T 22239-2008", asOf: "2020-01-01") { status }
}
`),
  tab(`
# 2. Comment deadlines in June 2019, with every joint issuer
# (Cybersecurity, article 13)
query CommentDeadlinesJune2019 {
  documents(filter: {commentDeadline: {from: "2019-06", to: "2019-06"}}) {
    totalCount
    edges { node { name commentDeadline issuedBy { id name } } }
  }
}
`),
  tab(`
# 3. An agency by its Chinese name, with its committees
# (abbreviation table, articles 14 and 16). agency(ref:) also
# takes an id, an abbreviation (SAC) or the English name.
query AgencyByChineseName {
  agency(ref: "国家标准化管理委员会") {
    id
    name
    nameZh
    abbreviation
    parents { id name }
    committees { id code name }
  }
}
`),
  tab(`
# 5. Why is ETSI connected to TC260? Step by step, with the
# article that states each step (Horizontal issues, articles
# 4, 16, 21). Topics connect almost everything, so the path is
# asked through organizations, events, MoUs and texts only.
query WhyEtsiIsConnectedToTc260 {
  shortestPath(from: "ETSI", to: "TC260",
               nodeKinds: [AGENCY, TECHNICAL_COMMITTEE, EVENT, MOU, DOCUMENT, STANDARD, PERSON]) {
    length
    start { id name }
    steps {
      direction
      relation { kind role inferred sources { article title } }
      node { id name }
    }
  }
}
`),
  tab(`
# 6. A timeline of May 2019, across sections: events held,
# standards published, documents issued, comment deadlines.
query TimelineMay2019 {
  timeline(from: "2019-05", to: "2019-05") { date end kind node { id name } }
}
`),
  tab(`
# 9. Which bodies broker the most connections? Betweenness on
# the graph of organizations, committees, events, MoUs, texts
# and people (topics and sources left out, since they connect
# everything), ranking organizations and committees only.
query MostCentralBodies {
  centrality(measure: BETWEENNESS, directed: false,
             nodeKinds: [AGENCY, TECHNICAL_COMMITTEE, EVENT, MOU, DOCUMENT, STANDARD, PERSON],
             onlyKinds: [AGENCY, TECHNICAL_COMMITTEE], first: 5) {
    rank score node { id name nameZh }
  }
}
`),
  tab(`
# 4. A meeting and the numbers it passed (5G, article 12)
query Ccsa5gMeetingApril2019 {
  events(filter: {organizedBy: "tc:ccsa-tc5", date: {from: "2019-04", to: "2019-04"}}) {
    edges {
      node {
        name start end city
        figures { measure value qualifier }
      }
    }
  }
}
`),
  tab(`
# 7. Search in Chinese, and the work plan's figures
# (Industrial Internet, article 18)
query ChineseSearchAndWorkPlan {
  search(query: "制造强国建设领导小组", first: 1) { edges { score matchedOn node { id name nameZh } } }
  documents(filter: {kind: [WORK_PLAN], issuedBy: "tc:miit-industrial-internet-swg"}) {
    edges { node { name issued figures { measure value qualifier } } }
  }
}
`),
  tab(`
# The change feed: every committed change, pushed over
# WebSocket (graphql-transport-ws). Run it, then change the
# graph from another tab with a mutation (needs an editor key
# in the Headers pane: {"Authorization": "Bearer sgk_..."})
# and watch the changes arrive.
subscription GraphChanged {
  graphChanged { seq at actor op target }
}
`),
];
