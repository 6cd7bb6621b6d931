//! A deterministic synthetic standardization graph for benchmarks and load tests.
//!
//! [`generate`] builds a graph with the shape of the peers' `gen_graph.py`, but in stdgraph's own model:
//! canonical id prefixes, real-looking standard codes (`GB/T 10123-2015`, `ISO/IEC 27001:2013`,
//! `YD/T 3594-2019`), partial dates, and only relations that [`RelationKind::endpoints`] allows. The output
//! passes the same validation as curated data: applied in [`stdgraph::app::creation_order`], it inserts into a
//! [`stdgraph::graph::KnowledgeGraph`] without an error and without a name collision.
//!
//! Shape, as shares of the requested node count `n` (the total is exactly `n`):
//!
//! | kind | count | relations it starts (or receives) |
//! |---|---|---|
//! | Source | one per 1,000 other nodes | cited round-robin by every node and relation |
//! | Agency | n/2000, at least 5; agency 0 the biggest hub | |
//! | Topic | n/100, 5 to 40 (gen_graph.py's list) | |
//! | TechnicalCommittee | 1%, at least 10 | `part_of` an agency (Zipf) |
//! | Person | 6% | `affiliated_with` an agency (Zipf) or a committee |
//! | Event | 3% | `organized_by` 1-2 agencies, `attended_by` ~4 people |
//! | Mou | 0.5% | 2-3 agencies are `party_to` it |
//! | Document | 6% | `issued_by` an agency, `covers_topic`; half are `produced` by an event |
//! | Standard | the rest, ~83% | `drafted_by` a committee (Zipf), `issued_by` its agency (+~10% a joint issuer), `covers_topic` 1-2, ~10% `supersedes` the previous edition of their series, ~6% `corresponds_to` another agency's standard (IDT/MOD/NEQ) |
//!
//! That is about 3.3 relations per node. The random numbers come from xoshiro256** seeded by SplitMix64
//! and only IEEE-exact float operations are used, so the same `(nodes, seed)` gives the same graph on
//! every platform.
//!
//! This crate is a tool beside the server, not part of it: the serving library (`stdgraph`) never
//! generates data. Its binary `stdgraph-generate` writes a graph as node-link JSON for `stdgraph
//! import` and the benchmark scripts; the integration tests and benches of `stdgraph` use
//! [`generate`] as a dev-dependency.

use std::collections::HashSet;
use std::fmt::Write as _;
use std::hash::{BuildHasherDefault, Hasher};

use stdgraph::model::{
    AgencyCategory, AgencyData, CommitteeData, CommitteeLevel, CommitteeStatus, Degree,
    DocumentData, DocumentKind, DocumentStatus, EventData, EventKind, MouData, MouStatus, Node,
    NodeData, NodeExtras, NodeId, PartialDate, PersonData, Relation, RelationKind, SourceData,
    StandardCode, StandardData, StandardLevel, StandardStatus, TopicData,
};

use AgencyCategory as Cat;
use StandardLevel::{Association as Group, Industry, International as Intl, National};

/// The smallest graph [`generate`] builds: below it the fixed minimums (5 agencies, 5 topics, 10
/// committees) would leave almost no standards.
pub const MIN_NODES: usize = 100;

/// Generates a synthetic standardization graph of exactly `nodes` nodes (see the module documentation for
/// its shape), nodes in kind order (sources first) and relations in generation order.
///
/// The same `nodes` and `seed` always give the same graph; different seeds give different graphs. Every
/// node and relation cites a generated source (`src:gen-000001`, ...); other ids are the kind's prefix and
/// a zero-padded number (`agency:000000`, `tc:000042`), except standards, whose id derives from their code
/// (`std:gb-t-10123-2015`). Names, titles and codes are unique, except that the editions of one standard
/// series share a title.
///
/// # Panics
///
/// When `nodes` is below [`MIN_NODES`].
pub fn generate(nodes: usize, seed: u64) -> (Vec<Node>, Vec<Relation>) {
    assert!(
        nodes >= MIN_NODES,
        "a synthetic graph needs at least {MIN_NODES} nodes, not {nodes}"
    );
    let counts = Counts::new(nodes);
    let mut b = Builder::new(nodes, seed, counts.sources);
    let agencies = b.agencies(counts.agencies);
    b.topics(counts.topics);
    let committees = b.committees(counts.committees, &agencies, counts.topics);
    b.people(counts.people, &agencies, committees.agency.len());
    let event_dates = b.events(counts.events, &agencies, counts.people);
    b.mous(counts.mous, &agencies, counts.topics);
    b.documents(counts.documents, &agencies, counts.topics, &event_dates);
    b.standards(counts.standards, agencies, &committees, counts.topics);
    debug_assert_eq!(b.nodes.len(), nodes);
    b.relations.shrink_to_fit();
    (b.nodes, b.relations)
}

/// How many nodes of each kind a graph of `n` nodes has.
struct Counts {
    sources: usize,
    agencies: usize,
    topics: usize,
    committees: usize,
    people: usize,
    events: usize,
    mous: usize,
    documents: usize,
    standards: usize,
}

impl Counts {
    fn new(n: usize) -> Self {
        let share = |permille: usize| (n * permille + 500) / 1000;
        let mut c = Self {
            sources: n.div_ceil(1001).max(1),
            agencies: ((n + 1000) / 2000).max(5),
            topics: (n / 100).clamp(5, TOPICS.len()),
            committees: share(10).max(10),
            people: share(60),
            events: share(30),
            mous: share(5),
            documents: share(60),
            standards: 0,
        };
        c.standards = n
            - (c.sources
                + c.agencies
                + c.topics
                + c.committees
                + c.people
                + c.events
                + c.mous
                + c.documents);
        c
    }
}

// ---------------------------------------------------------------------------------------------------
// Random numbers
// ---------------------------------------------------------------------------------------------------

/// xoshiro256** (Blackman and Vigna), seeded by SplitMix64.
struct Rng {
    s: [u64; 4],
}

impl Rng {
    fn new(seed: u64) -> Self {
        let mut x = seed;
        let mut splitmix = || {
            x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
            let mut z = x;
            z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
            z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
            z ^ (z >> 31)
        };
        Self {
            s: [splitmix(), splitmix(), splitmix(), splitmix()],
        }
    }

    fn next_u64(&mut self) -> u64 {
        let result = self.s[1].wrapping_mul(5).rotate_left(7).wrapping_mul(9);
        let t = self.s[1] << 17;
        self.s[2] ^= self.s[0];
        self.s[3] ^= self.s[1];
        self.s[1] ^= self.s[2];
        self.s[0] ^= self.s[3];
        self.s[2] ^= t;
        self.s[3] = self.s[3].rotate_left(45);
        result
    }

    /// Uniform in `0..n` (`n > 0`), by Lemire's multiply-shift.
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next_u64()) * n as u128) >> 64) as usize
    }

    /// Uniform in `[0, 1)`.
    fn unit(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64)
    }

    fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }

    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: u16, hi: u16) -> u16 {
        lo + self.below(usize::from(hi - lo) + 1) as u16
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }

    fn month(&mut self) -> u8 {
        1 + self.below(12) as u8
    }

    /// A day that exists in every month.
    fn day(&mut self) -> u8 {
        1 + self.below(28) as u8
    }
}

/// Zipf-skewed choice of a rank in `0..n` (rank 0 heaviest), by inverting the cumulative weights.
struct Zipf {
    cumulative: Vec<f64>,
}

/// Zipf exponents; each weight is computed with IEEE-exact operations only (`sqrt`, `/`), so the
/// weights, and with them the graph, are the same on every platform.
#[derive(Clone, Copy)]
enum Skew {
    /// Weight `1/r`.
    One,
    /// Weight `1/r^0.75`.
    ThreeQuarters,
    /// Weight `1/r^0.5`.
    Half,
}

impl Zipf {
    fn new(n: usize, skew: Skew) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|rank| {
                let r = rank as f64;
                total += match skew {
                    Skew::One => 1.0 / r,
                    Skew::ThreeQuarters => 1.0 / (r.sqrt() * r.sqrt().sqrt()),
                    Skew::Half => 1.0 / r.sqrt(),
                };
                total
            })
            .collect();
        Self { cumulative }
    }

    fn sample(&self, rng: &mut Rng) -> usize {
        let last = self.cumulative.len() - 1;
        let x = rng.unit() * self.cumulative[last];
        self.cumulative.partition_point(|&c| c <= x).min(last)
    }
}

// ---------------------------------------------------------------------------------------------------
// Vocabulary
// ---------------------------------------------------------------------------------------------------

/// gen_graph.py's topics, in its order.
const TOPICS: [&str; 40] = [
    "Cybersecurity",
    "Artificial Intelligence",
    "Telecommunications",
    "Energy Storage",
    "Smart Grid",
    "Electric Vehicles",
    "Batteries",
    "Hydrogen",
    "Photovoltaics",
    "Wind Energy",
    "Building Materials",
    "Construction",
    "Medical Devices",
    "Food Safety",
    "Agriculture",
    "Water Quality",
    "Air Quality",
    "Environmental Management",
    "Quality Management",
    "Information Technology",
    "Internet of Things",
    "Cloud Computing",
    "Blockchain",
    "Data Governance",
    "Privacy",
    "Robotics",
    "Industrial Automation",
    "Additive Manufacturing",
    "Semiconductors",
    "Railway",
    "Automotive",
    "Aerospace",
    "Maritime",
    "Textiles",
    "Chemicals",
    "Metrology",
    "Nanotechnology",
    "Smart Cities",
    "Occupational Health",
    "Accessibility",
];

/// gen_graph.py's title words.
const WORDS: &[&str] = &[
    "security",
    "information",
    "technology",
    "safety",
    "requirements",
    "guidelines",
    "management",
    "systems",
    "testing",
    "methods",
    "measurement",
    "specification",
    "performance",
    "evaluation",
    "interoperability",
    "network",
    "data",
    "protocol",
    "interface",
    "framework",
    "assessment",
    "terminology",
    "vocabulary",
    "design",
    "installation",
    "maintenance",
    "operation",
    "monitoring",
    "control",
    "quality",
    "reliability",
    "energy",
    "efficiency",
    "electrical",
    "mechanical",
    "thermal",
    "optical",
    "wireless",
    "mobile",
    "cloud",
    "privacy",
    "identity",
    "encryption",
    "cryptographic",
    "authentication",
    "storage",
    "battery",
    "charging",
    "hydrogen",
    "vehicle",
    "railway",
    "aircraft",
    "vessel",
    "medical",
    "laboratory",
    "sampling",
    "chemical",
    "environmental",
    "emission",
    "water",
    "soil",
    "noise",
    "vibration",
    "materials",
    "steel",
    "concrete",
    "plastics",
    "textile",
    "food",
    "packaging",
    "labelling",
    "traceability",
    "calibration",
    "accuracy",
    "conformity",
    "certification",
    "audit",
    "risk",
    "lifecycle",
    "software",
    "hardware",
    "semiconductor",
    "sensor",
    "robot",
    "automation",
    "digital",
    "twin",
    "model",
    "architecture",
    "service",
    "platform",
    "application",
    "reference",
    "general",
    "principles",
    "part",
    "procedures",
];

const FIRST_NAMES: &[&str] = &[
    "Wei", "Anna", "Hiroshi", "Maria", "John", "Li", "Fatima", "Pierre", "Olga", "Carlos",
    "Ingrid", "Ravi", "Chen", "Sofia", "Ahmed", "Yuki", "Lars", "Elena",
];

const LAST_NAMES: &[&str] = &[
    "Zhang", "Muller", "Tanaka", "Garcia", "Smith", "Wang", "Khan", "Dubois", "Ivanova", "Silva",
    "Larsen", "Patel", "Liu", "Rossi", "Hassan", "Sato", "Berg", "Novak",
];

const PERSON_TITLES: &[&str] = &[
    "Chair",
    "Vice chair",
    "Secretary",
    "Convenor",
    "Project leader",
    "Senior engineer",
    "Researcher",
    "Director",
];

const EVENT_KINDS: &[(&str, EventKind)] = &[
    ("Plenary meeting", EventKind::Plenary),
    ("Workshop", EventKind::Workshop),
    ("Forum", EventKind::Forum),
    ("Conference", EventKind::Conference),
    ("Working group meeting", EventKind::Meeting),
];

const CITIES: &[(&str, &str)] = &[
    ("Beijing", "CN"),
    ("Shanghai", "CN"),
    ("Shenzhen", "CN"),
    ("Hangzhou", "CN"),
    ("Geneva", "CH"),
    ("Brussels", "BE"),
    ("Berlin", "DE"),
    ("Paris", "FR"),
    ("Sophia Antipolis", "FR"),
    ("London", "GB"),
    ("Tokyo", "JP"),
    ("Seoul", "KR"),
    ("Washington", "US"),
    ("New Delhi", "IN"),
    ("Sydney", "AU"),
];

const DOCUMENT_KINDS: &[(&str, DocumentKind)] = &[
    ("White paper", DocumentKind::WhitePaper),
    ("Research report", DocumentKind::ResearchReport),
    ("Guidelines", DocumentKind::Guidelines),
    ("Roadmap", DocumentKind::Plan),
    ("Work plan", DocumentKind::WorkPlan),
    ("Notice", DocumentKind::Notice),
    ("Opinion", DocumentKind::Opinion),
    ("Catalogue", DocumentKind::Catalogue),
];

/// Names of generated associations; `{}` is a topic.
const ASSOCIATION_PATTERNS: &[(&str, &str, AgencyCategory)] = &[
    (
        "China ",
        " Industry Association",
        AgencyCategory::Association,
    ),
    ("", " Industry Alliance of China", AgencyCategory::Alliance),
    (
        "China ",
        " Standards Promotion Forum",
        AgencyCategory::Association,
    ),
    ("Chinese Society for ", "", AgencyCategory::Association),
];

/// The first and last year of standards' dates.
const FIRST_YEAR: u16 = 1995;
const LAST_YEAR: u16 = 2024;

/// A standard-code prefix an agency issues under.
struct PrefixSpec {
    prefix: &'static str,
    /// Percent of the agency's standards.
    share: u8,
    /// The first series number.
    first: u32,
    /// Zero-padding of the number (`GM/T 0001`), 0 for none.
    width: u8,
    level: StandardLevel,
    /// An agency (index) that issues every standard under this prefix jointly (ISO/IEC).
    joint: Option<usize>,
}

const fn prefix(prefix: &'static str, share: u8, first: u32, level: StandardLevel) -> PrefixSpec {
    PrefixSpec {
        prefix,
        share,
        first,
        width: 0,
        level,
        joint: None,
    }
}

struct AgencySpec {
    name: &'static str,
    name_zh: Option<&'static str>,
    abbreviation: &'static str,
    category: AgencyCategory,
    country: &'static str,
    prefixes: &'static [PrefixSpec],
}

/// Real agencies: gen_graph.py's fifteen in its order (index 0 becomes the biggest hub), then Chinese
/// ministries and associations and a few more. Further agencies are generated associations.
const AGENCIES: &[AgencySpec] = &[
    AgencySpec {
        name: "International Organization for Standardization",
        name_zh: Some("国际标准化组织"),
        abbreviation: "ISO",
        category: Cat::International,
        country: "INT",
        prefixes: &[
            prefix("ISO", 80, 1000, Intl),
            PrefixSpec {
                joint: Some(2),
                ..prefix("ISO/IEC", 20, 9000, Intl)
            },
        ],
    },
    AgencySpec {
        name: "Standardization Administration of China",
        name_zh: Some("国家标准化管理委员会"),
        abbreviation: "SAC",
        category: Cat::Government,
        country: "CN",
        prefixes: &[
            prefix("GB/T", 75, 10000, National),
            prefix("GB", 15, 4000, National),
            prefix("GB/Z", 10, 17000, National),
        ],
    },
    AgencySpec {
        name: "International Electrotechnical Commission",
        name_zh: Some("国际电工委员会"),
        abbreviation: "IEC",
        category: Cat::International,
        country: "INT",
        prefixes: &[prefix("IEC", 100, 60000, Intl)],
    },
    AgencySpec {
        name: "European Committee for Standardization",
        name_zh: None,
        abbreviation: "CEN",
        category: Cat::StandardsBody,
        country: "EU",
        prefixes: &[prefix("EN", 100, 12000, Intl)],
    },
    AgencySpec {
        name: "American National Standards Institute",
        name_zh: None,
        abbreviation: "ANSI",
        category: Cat::StandardsBody,
        country: "US",
        prefixes: &[prefix("ANSI", 100, 2000, National)],
    },
    AgencySpec {
        name: "Deutsches Institut fuer Normung",
        name_zh: None,
        abbreviation: "DIN",
        category: Cat::StandardsBody,
        country: "DE",
        prefixes: &[prefix("DIN", 100, 1000, National)],
    },
    AgencySpec {
        name: "Japanese Industrial Standards Committee",
        name_zh: None,
        abbreviation: "JISC",
        category: Cat::Government,
        country: "JP",
        prefixes: &[prefix("JIS", 100, 1000, National)],
    },
    AgencySpec {
        name: "British Standards Institution",
        name_zh: None,
        abbreviation: "BSI",
        category: Cat::StandardsBody,
        country: "GB",
        prefixes: &[prefix("BS", 100, 7000, National)],
    },
    AgencySpec {
        name: "International Telecommunication Union",
        name_zh: Some("国际电信联盟"),
        abbreviation: "ITU",
        category: Cat::International,
        country: "INT",
        prefixes: &[prefix("ITU-T", 100, 100, Intl)],
    },
    AgencySpec {
        name: "European Telecommunications Standards Institute",
        name_zh: None,
        abbreviation: "ETSI",
        category: Cat::StandardsBody,
        country: "EU",
        prefixes: &[prefix("ETSI", 100, 300_000, Intl)],
    },
    AgencySpec {
        name: "Institute of Electrical and Electronics Engineers",
        name_zh: None,
        abbreviation: "IEEE",
        category: Cat::Association,
        country: "US",
        prefixes: &[prefix("IEEE", 100, 1000, Intl)],
    },
    AgencySpec {
        name: "Association Francaise de Normalisation",
        name_zh: None,
        abbreviation: "AFNOR",
        category: Cat::StandardsBody,
        country: "FR",
        prefixes: &[prefix("NF", 100, 10000, National)],
    },
    AgencySpec {
        name: "Korean Agency for Technology and Standards",
        name_zh: None,
        abbreviation: "KATS",
        category: Cat::Government,
        country: "KR",
        prefixes: &[prefix("KS", 100, 1000, National)],
    },
    AgencySpec {
        name: "Bureau of Indian Standards",
        name_zh: None,
        abbreviation: "BIS",
        category: Cat::StandardsBody,
        country: "IN",
        prefixes: &[prefix("IS", 100, 1000, National)],
    },
    AgencySpec {
        name: "Standards Australia",
        name_zh: None,
        abbreviation: "SA",
        category: Cat::StandardsBody,
        country: "AU",
        prefixes: &[prefix("AS", 100, 1000, National)],
    },
    AgencySpec {
        name: "Ministry of Industry and Information Technology",
        name_zh: Some("工业和信息化部"),
        abbreviation: "MIIT",
        category: Cat::Government,
        country: "CN",
        prefixes: &[
            prefix("YD/T", 60, 1000, Industry),
            prefix("SJ/T", 40, 11000, Industry),
        ],
    },
    AgencySpec {
        name: "State Cryptography Administration",
        name_zh: Some("国家密码管理局"),
        abbreviation: "OSCCA",
        category: Cat::Government,
        country: "CN",
        prefixes: &[PrefixSpec {
            width: 4,
            ..prefix("GM/T", 100, 1, Industry)
        }],
    },
    AgencySpec {
        name: "Ministry of Public Security",
        name_zh: Some("公安部"),
        abbreviation: "MPS",
        category: Cat::Government,
        country: "CN",
        prefixes: &[prefix("GA/T", 100, 100, Industry)],
    },
    AgencySpec {
        name: "National Energy Administration",
        name_zh: Some("国家能源局"),
        abbreviation: "NEA",
        category: Cat::Government,
        country: "CN",
        prefixes: &[
            prefix("NB/T", 50, 10000, Industry),
            prefix("DL/T", 50, 500, Industry),
        ],
    },
    AgencySpec {
        name: "Ministry of Transport",
        name_zh: Some("交通运输部"),
        abbreviation: "MOT",
        category: Cat::Government,
        country: "CN",
        prefixes: &[prefix("JT/T", 100, 200, Industry)],
    },
    AgencySpec {
        name: "National Medical Products Administration",
        name_zh: Some("国家药品监督管理局"),
        abbreviation: "NMPA",
        category: Cat::Government,
        country: "CN",
        prefixes: &[PrefixSpec {
            width: 4,
            ..prefix("YY/T", 100, 100, Industry)
        }],
    },
    AgencySpec {
        name: "Ministry of Housing and Urban-Rural Development",
        name_zh: Some("住房和城乡建设部"),
        abbreviation: "MOHURD",
        category: Cat::Government,
        country: "CN",
        prefixes: &[prefix("JG/T", 100, 100, Industry)],
    },
    AgencySpec {
        name: "People's Bank of China",
        name_zh: Some("中国人民银行"),
        abbreviation: "PBOC",
        category: Cat::Government,
        country: "CN",
        prefixes: &[PrefixSpec {
            width: 4,
            ..prefix("JR/T", 100, 1, Industry)
        }],
    },
    AgencySpec {
        name: "Ministry of Agriculture and Rural Affairs",
        name_zh: Some("农业农村部"),
        abbreviation: "MARA",
        category: Cat::Government,
        country: "CN",
        prefixes: &[prefix("NY/T", 100, 100, Industry)],
    },
    AgencySpec {
        name: "Ministry of Ecology and Environment",
        name_zh: Some("生态环境部"),
        abbreviation: "MEE",
        category: Cat::Government,
        country: "CN",
        prefixes: &[prefix("HJ", 100, 100, Industry)],
    },
    AgencySpec {
        name: "China Electronics Standardization Association",
        name_zh: Some("中国电子工业标准化技术协会"),
        abbreviation: "CESA",
        category: Cat::Association,
        country: "CN",
        prefixes: &[prefix("T/CESA", 100, 1000, Group)],
    },
    AgencySpec {
        name: "China Communications Standards Association",
        name_zh: Some("中国通信标准化协会"),
        abbreviation: "CCSA",
        category: Cat::Association,
        country: "CN",
        prefixes: &[prefix("T/CCSA", 100, 100, Group)],
    },
    AgencySpec {
        name: "China Association for Standardization",
        name_zh: Some("中国标准化协会"),
        abbreviation: "CAS",
        category: Cat::Association,
        country: "CN",
        prefixes: &[prefix("T/CAS", 100, 100, Group)],
    },
    AgencySpec {
        name: "China Society of Automotive Engineers",
        name_zh: Some("中国汽车工程学会"),
        abbreviation: "CSAE",
        category: Cat::Association,
        country: "CN",
        prefixes: &[prefix("T/CSAE", 100, 1, Group)],
    },
    AgencySpec {
        name: "Chinese Institute of Electronics",
        name_zh: Some("中国电子学会"),
        abbreviation: "CIE",
        category: Cat::Association,
        country: "CN",
        prefixes: &[prefix("T/CIE", 100, 1, Group)],
    },
    AgencySpec {
        name: "ASTM International",
        name_zh: None,
        abbreviation: "ASTM",
        category: Cat::StandardsBody,
        country: "US",
        prefixes: &[prefix("ASTM", 100, 1000, National)],
    },
    AgencySpec {
        name: "SAE International",
        name_zh: None,
        abbreviation: "SAE",
        category: Cat::Association,
        country: "US",
        prefixes: &[prefix("SAE", 100, 1000, National)],
    },
    AgencySpec {
        name: "Underwriters Laboratories",
        name_zh: None,
        abbreviation: "UL",
        category: Cat::Company,
        country: "US",
        prefixes: &[prefix("UL", 100, 1, National)],
    },
];

// ISO/IEC standards name agency 2, IEC, as their joint issuer; it always exists (at least five agencies).
const _: () = assert!(matches!(AGENCIES[2].abbreviation.as_bytes(), b"IEC"));

// ---------------------------------------------------------------------------------------------------
// The builder
// ---------------------------------------------------------------------------------------------------

/// One code prefix in use and the next free number under it.
struct Series {
    prefix: String,
    /// `ISO 2000-3:2015` style (dash part, colon year) rather than `GB/T 10000.3-2015`.
    international: bool,
    width: usize,
    level: StandardLevel,
    joint: Option<usize>,
    next: u32,
    /// The multi-part series being filled: its number and last part.
    open: Option<(u32, u16)>,
}

impl Series {
    /// A fresh `(number, part)` under this prefix; part 0 means none.
    fn allocate(&mut self, rng: &mut Rng) -> (u32, u16) {
        if let Some((number, part)) = self.open
            && part < 12
            && rng.chance(0.5)
        {
            self.open = Some((number, part + 1));
            return (number, part + 1);
        }
        let number = self.next;
        self.next += 1 + rng.below(3) as u32;
        if rng.chance(0.15) {
            self.open = Some((number, 1));
            (number, 1)
        } else {
            self.open = None;
            (number, 0)
        }
    }

    /// The canonical spelling of a code (what `StandardCode`'s `Display` writes).
    fn code(&self, number: u32, part: u16, year: Option<u16>) -> String {
        let mut code = String::with_capacity(self.prefix.len() + 16);
        code.push_str(&self.prefix);
        code.push(' ');
        push_number(&mut code, number as usize, self.width);
        if part > 0 {
            code.push(if self.international { '-' } else { '.' });
            push_number(&mut code, usize::from(part), 0);
        }
        if let Some(year) = year {
            code.push(if self.international { ':' } else { '-' });
            push_number(&mut code, usize::from(year), 0);
        }
        code
    }
}

/// The generated agencies, as later kinds need them.
struct Agencies {
    ids: Vec<NodeId>,
    abbreviations: Vec<String>,
    /// Per agency: (series index, cumulative percent).
    prefixes: Vec<Vec<(usize, u8)>>,
    series: Vec<Series>,
    zipf: Zipf,
}

impl Agencies {
    /// `count` distinct agencies, Zipf-skewed, in increasing order.
    fn distinct(&self, rng: &mut Rng, count: usize) -> Vec<usize> {
        let mut out = Vec::with_capacity(count);
        for _ in 0..16 * count {
            if out.len() == count {
                break;
            }
            let a = self.zipf.sample(rng);
            if !out.contains(&a) {
                out.push(a);
            }
        }
        // Only reached with extreme luck: fill up with the next free ranks.
        let mut a = 0;
        while out.len() < count {
            if !out.contains(&a) {
                out.push(a);
            }
            a += 1;
        }
        out.sort_unstable();
        out
    }
}

struct Committees {
    ids: Vec<NodeId>,
    agency: Vec<u32>,
    topic: Vec<u8>,
}

/// What later standards need to know about an earlier one.
#[derive(Clone, Copy)]
struct StandardRecord {
    committee: u32,
    series: u32,
    number: u32,
    part: u16,
    year: u16,
    topic: u8,
    /// In force or published, and not yet superseded: a new edition may replace it.
    revisable: bool,
}

struct Builder {
    rng: Rng,
    width: usize,
    nodes: Vec<Node>,
    relations: Vec<Relation>,
    sources: Vec<NodeId>,
    next_source: usize,
    topics: Vec<NodeId>,
    people: Vec<NodeId>,
    events: Vec<NodeId>,
}

fn node_id(text: &str) -> NodeId {
    NodeId::parse(text).expect("generated ids are well-formed")
}

fn date(year: u16, month: u8, day: u8) -> PartialDate {
    PartialDate::ymd(i32::from(year), month, day).expect("generated days exist")
}

/// `(year, month)` plus `months`.
fn add_months(year: u16, month: u8, months: u16) -> (u16, u8) {
    let total = u32::from(month) - 1 + u32::from(months);
    (year + (total / 12) as u16, (total % 12) as u8 + 1)
}

/// Appends `n` in decimal, zero-padded to `width` digits.
fn push_number(out: &mut String, mut n: usize, width: usize) {
    let mut digits = [0u8; 20];
    let mut start = digits.len();
    loop {
        start -= 1;
        digits[start] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for _ in digits.len() - start..width {
        out.push('0');
    }
    out.extend(digits[start..].iter().map(|&d| char::from(d)));
}

/// The id `StandardCode::node_id` gives a code in canonical spelling (`GB/T 10123-2015` ->
/// `std:gb-t-10123-2015`), without parsing it again; debug builds check that the two agree.
fn standard_id(code: &str) -> String {
    let mut id = String::with_capacity(code.len() + 4);
    id.push_str("std:");
    for c in code.chars() {
        match c {
            'A'..='Z' => id.push(c.to_ascii_lowercase()),
            'a'..='z' | '0'..='9' | '.' => id.push(c),
            _ if !id.ends_with('-') && !id.ends_with(':') => id.push('-'),
            _ => {}
        }
    }
    let len = id.trim_end_matches('-').len();
    id.truncate(len);
    id
}

/// FNV-1a of the ASCII-lowercased text, then SplitMix64's finalizer: what duplicate detection compares,
/// for our ASCII-and-dash titles.
fn fold_hash(text: &str) -> u64 {
    let h = text.bytes().fold(0xCBF2_9CE4_8422_2325, |h, b| {
        (h ^ u64::from(b.to_ascii_lowercase())).wrapping_mul(0x0100_0000_01B3)
    });
    let h = (h ^ (h >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    let h = (h ^ (h >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    h ^ (h >> 31)
}

/// Hashes a key that is already a well-mixed `u64` ([`fold_hash`]) as itself.
#[derive(Default)]
struct PrehashedHasher(u64);

impl Hasher for PrehashedHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 ^ u64::from(b)).wrapping_mul(0x0100_0000_01B3);
        }
    }

    fn write_u64(&mut self, n: u64) {
        self.0 = n;
    }
}

/// The set of title hashes already used.
type TitleSet = HashSet<u64, BuildHasherDefault<PrehashedHasher>>;

fn capitalized(word: &str) -> impl Iterator<Item = char> + '_ {
    let mut chars = word.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase())
        .into_iter()
        .chain(chars)
}

impl Builder {
    fn new(nodes: usize, seed: u64, sources: usize) -> Self {
        let width = nodes.saturating_sub(1).to_string().len().max(6);
        let mut b = Self {
            rng: Rng::new(seed),
            width,
            nodes: Vec::with_capacity(nodes),
            relations: Vec::with_capacity(nodes / 100 * 345 + 256),
            sources: Vec::with_capacity(sources),
            next_source: 0,
            topics: Vec::new(),
            people: Vec::new(),
            events: Vec::new(),
        };
        b.make_sources(sources);
        b
    }

    fn id(&self, prefix: &str, i: usize) -> NodeId {
        let mut id = String::with_capacity(prefix.len() + 1 + self.width);
        id.push_str(prefix);
        id.push(':');
        push_number(&mut id, i, self.width);
        node_id(&id)
    }

    /// The next source in round-robin order.
    fn cite(&mut self) -> Vec<NodeId> {
        let source = self.sources[self.next_source].clone();
        self.next_source = (self.next_source + 1) % self.sources.len();
        vec![source]
    }

    fn push_node(&mut self, id: NodeId, name: String, data: NodeData) {
        let sources = self.cite();
        let mut node = Node::new(id, name, data);
        node.sources = sources.into();
        self.nodes.push(node);
    }

    fn link(&mut self, kind: RelationKind, from: &NodeId, to: &NodeId) -> &mut Relation {
        let sources = self.cite();
        self.relations
            .push(Relation::new(kind, from.clone(), to.clone(), sources));
        self.relations.last_mut().expect("just pushed")
    }

    /// `count` words of the vocabulary, space-separated, appended to `out`.
    fn words(&mut self, out: &mut String, count: usize) {
        for k in 0..count {
            if k > 0 {
                out.push(' ');
            }
            let word = *self.rng.pick::<&str>(WORDS);
            out.push_str(word);
        }
    }

    fn make_sources(&mut self, count: usize) {
        for k in 1..=count {
            let id = node_id(&format!("src:gen-{k:0w$}", w = self.width));
            let year = FIRST_YEAR + ((k - 1) % usize::from(LAST_YEAR - FIRST_YEAR + 1)) as u16;
            let month = self.rng.month();
            let data = SourceData {
                publication: "stdgraph synthetic bulletin".to_owned(),
                issue: Some(year.to_string()),
                issued: Some(date(year, month, 1)),
                article: Some(k as u32),
                section: None,
                title: Some(format!("Synthetic article {k}")),
                url: None,
            };
            let mut node = Node::new(
                id.clone(),
                format!("Synthetic bulletin, article {k}"),
                NodeData::Source(data),
            );
            node.sources = vec![id.clone()].into();
            self.nodes.push(node);
            self.sources.push(id);
        }
    }

    fn agencies(&mut self, count: usize) -> Agencies {
        let mut out = Agencies {
            ids: Vec::with_capacity(count),
            abbreviations: Vec::with_capacity(count),
            prefixes: Vec::with_capacity(count),
            series: Vec::new(),
            zipf: Zipf::new(count, Skew::One),
        };
        let mut generated = 0;
        for i in 0..count {
            let id = self.id("agency", i);
            let (name, name_zh, abbreviation, category, country) =
                if let Some(spec) = AGENCIES.get(i) {
                    let mut shares = Vec::with_capacity(spec.prefixes.len());
                    let mut cumulative = 0;
                    for p in spec.prefixes {
                        cumulative += p.share;
                        shares.push((out.series.len(), cumulative));
                        out.series.push(Series {
                            prefix: p.prefix.to_owned(),
                            international: is_international(p.prefix),
                            width: usize::from(p.width),
                            level: p.level,
                            joint: p.joint,
                            next: p.first,
                            open: None,
                        });
                    }
                    out.prefixes.push(shares);
                    (
                        spec.name.to_owned(),
                        spec.name_zh.map(str::to_owned),
                        spec.abbreviation.to_owned(),
                        spec.category,
                        spec.country,
                    )
                } else {
                    let abbreviation = loop {
                        let candidate = association_abbreviation(generated);
                        generated += 1;
                        if AGENCIES.iter().all(|a| a.abbreviation != candidate) {
                            break candidate;
                        }
                    };
                    let (before, after, category) = *self.rng.pick(ASSOCIATION_PATTERNS);
                    let topic = TOPICS[self.rng.below(TOPICS.len())];
                    let name = format!("{before}{topic}{after} ({abbreviation})");
                    out.prefixes.push(vec![(out.series.len(), 100)]);
                    out.series.push(Series {
                        prefix: format!("T/{abbreviation}"),
                        international: false,
                        width: 0,
                        level: StandardLevel::Association,
                        joint: None,
                        next: 1 + self.rng.below(100) as u32,
                        open: None,
                    });
                    (name, None, abbreviation, category, "CN")
                };
            let data = AgencyData {
                abbreviation: Some(abbreviation.clone()),
                category,
                country: Some(country.to_owned()),
            };
            self.push_node(id.clone(), name, NodeData::Agency(data));
            let node = self.nodes.last_mut().expect("just pushed");
            node.set_extras(NodeExtras {
                name_zh,
                ..NodeExtras::default()
            });
            out.ids.push(id);
            out.abbreviations.push(abbreviation);
        }
        out
    }

    fn topics(&mut self, count: usize) {
        for (i, name) in TOPICS.iter().take(count).enumerate() {
            let id = self.id("topic", i);
            self.push_node(
                id.clone(),
                (*name).to_owned(),
                NodeData::Topic(TopicData {}),
            );
            self.topics.push(id);
        }
    }

    fn committees(&mut self, count: usize, agencies: &Agencies, topics: usize) -> Committees {
        let mut out = Committees {
            ids: Vec::with_capacity(count),
            agency: Vec::with_capacity(count),
            topic: Vec::with_capacity(count),
        };
        let mut next_number = vec![0u32; agencies.ids.len()];
        for i in 0..count {
            let a = agencies.zipf.sample(&mut self.rng);
            next_number[a] += 1 + self.rng.below(2) as u32;
            let t = self.rng.below(topics);
            let code = format!("{}/TC {}", agencies.abbreviations[a], next_number[a]);
            let name = format!("{} technical committee {code}", TOPICS[t]);
            let mut scope = String::from("Standardization of ");
            self.words(&mut scope, 2);
            let _ = write!(scope, " in {}", TOPICS[t].to_lowercase());
            let (month, year) = (self.rng.month(), self.rng.between(1985, 2020));
            let data = CommitteeData {
                code: Some(code),
                level: CommitteeLevel::Tc,
                scope: Some(scope),
                established: Some(date(year, month, 1)),
                status: CommitteeStatus::Active,
            };
            let id = self.id("tc", i);
            self.push_node(id.clone(), name, NodeData::TechnicalCommittee(data));
            self.link(RelationKind::PartOf, &id, &agencies.ids[a]);
            out.ids.push(id);
            out.agency.push(a as u32);
            out.topic.push(t as u8);
        }
        out
    }

    fn people(&mut self, count: usize, agencies: &Agencies, committees: usize) {
        self.people.reserve_exact(count);
        let committee_ids: Vec<NodeId> = (0..committees).map(|c| self.id("tc", c)).collect();
        for i in 0..count {
            let name = format!(
                "{} {} {}",
                self.rng.pick(FIRST_NAMES),
                self.rng.pick(LAST_NAMES),
                i + 1
            );
            let title = self
                .rng
                .chance(0.5)
                .then(|| (*self.rng.pick(PERSON_TITLES)).to_owned());
            let id = self.id("person", i);
            self.push_node(id.clone(), name, NodeData::Person(PersonData { title }));
            let to = if self.rng.chance(0.5) {
                &agencies.ids[agencies.zipf.sample(&mut self.rng)]
            } else {
                &committee_ids[self.rng.below(committees)]
            };
            self.link(RelationKind::AffiliatedWith, &id, to);
            self.people.push(id);
        }
    }

    /// Returns each event's start date.
    fn events(&mut self, count: usize, agencies: &Agencies, people: usize) -> Vec<PartialDate> {
        let mut starts = Vec::with_capacity(count);
        self.events.reserve_exact(count);
        let mut attendees = Vec::with_capacity(8);
        for i in 0..count {
            let (label, event_kind) = *self.rng.pick(EVENT_KINDS);
            let mut name = format!("{label} on ");
            self.words(&mut name, 2);
            let _ = write!(name, " {}", i + 1);
            let (year, month, day) = (
                self.rng.between(2005, LAST_YEAR),
                self.rng.month(),
                1 + self.rng.below(25) as u8,
            );
            let end = day + self.rng.below(4) as u8;
            let (city, country) = *self.rng.pick(CITIES);
            let start = date(year, month, day);
            let data = EventData {
                event_kind,
                start: Some(start),
                end: Some(date(year, month, end)),
                city: Some(city.to_owned()),
                country: Some(country.to_owned()),
            };
            let id = self.id("event", i);
            self.push_node(id.clone(), name, NodeData::Event(data));
            let organizers = 1 + usize::from(self.rng.chance(0.5));
            for a in agencies.distinct(&mut self.rng, organizers) {
                self.link(RelationKind::OrganizedBy, &id, &agencies.ids[a]);
            }
            if people > 0 {
                attendees.clear();
                let picks = 1 + self.rng.below(7);
                attendees.extend((0..picks).map(|_| self.rng.below(people)));
                attendees.sort_unstable();
                attendees.dedup();
                for &p in &attendees {
                    let person = self.people[p].clone();
                    self.link(RelationKind::AttendedBy, &id, &person);
                }
            }
            starts.push(start);
            self.events.push(id);
        }
        starts
    }

    fn mous(&mut self, count: usize, agencies: &Agencies, topics: usize) {
        for i in 0..count {
            let count = 2 + self.rng.below(2);
            let parties = agencies.distinct(&mut self.rng, count);
            let mut name = String::from("MoU between ");
            for (k, &a) in parties.iter().enumerate() {
                if k > 0 {
                    name.push_str(" and ");
                }
                name.push_str(&agencies.abbreviations[a]);
            }
            let _ = write!(name, " {}", i + 1);
            let year = self.rng.between(2000, LAST_YEAR);
            let signed = date(year, self.rng.month(), self.rng.day());
            let (status, renewed) = match self.rng.below(20) {
                0..=10 => (MouStatus::Signed, None),
                11..=13 if year + 5 <= LAST_YEAR => (
                    MouStatus::Renewed,
                    Some(date(year + 5, self.rng.month(), self.rng.day())),
                ),
                11..=13 => (MouStatus::RenewalAgreed, None),
                _ => (MouStatus::Expired, None),
            };
            let subject = format!(
                "Cooperation on {} standardization",
                TOPICS[self.rng.below(topics)].to_lowercase()
            );
            let data = MouData {
                subject: Some(subject),
                signed: Some(signed),
                renewed,
                status,
            };
            let id = self.id("mou", i);
            self.push_node(id.clone(), name, NodeData::Mou(data));
            for a in parties {
                self.link(RelationKind::PartyTo, &agencies.ids[a], &id)
                    .props_mut()
                    .date = Some(signed);
            }
        }
    }

    fn documents(
        &mut self,
        count: usize,
        agencies: &Agencies,
        topics: usize,
        event_dates: &[PartialDate],
    ) {
        for i in 0..count {
            let (label, doc_kind) = *self.rng.pick(DOCUMENT_KINDS);
            let a = agencies.zipf.sample(&mut self.rng);
            let t = self.rng.below(topics);
            let event = (!event_dates.is_empty() && self.rng.chance(0.5))
                .then(|| self.rng.below(event_dates.len()));
            let issued = match event {
                // Issued at the event or up to three months later, in the same day of the month.
                Some(e) => {
                    let start = event_dates[e];
                    let (year, month) = add_months(
                        start.year() as u16,
                        start.month().expect("events have day dates"),
                        self.rng.below(4) as u16,
                    );
                    let (year, month) = if year > LAST_YEAR {
                        (LAST_YEAR, 12)
                    } else {
                        (year, month)
                    };
                    date(year, month, start.day().expect("events have day dates"))
                }
                None => date(
                    self.rng.between(2005, LAST_YEAR),
                    self.rng.month(),
                    self.rng.day(),
                ),
            };
            let mut name = format!("{label} on ");
            self.words(&mut name, 3);
            let abbreviation = &agencies.abbreviations[a];
            let year = issued.year();
            let _ = write!(name, " ({abbreviation} {year} No. {})", i + 1);
            let data = DocumentData {
                doc_kind,
                number: Some(format!("{abbreviation} [{year}] No. {}", i + 1)),
                status: DocumentStatus::Issued,
                issued: Some(issued),
                ..DocumentData::default()
            };
            let id = self.id("doc", i);
            self.push_node(id.clone(), name, NodeData::Document(data));
            self.link(RelationKind::IssuedBy, &id, &agencies.ids[a]);
            let topic = self.topics[t].clone();
            self.link(RelationKind::CoversTopic, &id, &topic);
            if let Some(e) = event {
                let event = self.events[e].clone();
                self.link(RelationKind::Produced, &event, &id)
                    .props_mut()
                    .role = Some("released".to_owned());
            }
        }
    }

    /// A title no other node has: `Topic—Words ...`, with ` part N` added on the rare repeat.
    fn title(&mut self, topic: usize, cryptographic: bool, used: &mut TitleSet) -> String {
        let mut title = String::with_capacity(64);
        title.push_str(TOPICS[topic]);
        title.push('—');
        let count = 3 + self.rng.below(4);
        if cryptographic {
            title.push_str("Cryptographic ");
            self.words(&mut title, count - 1);
        } else {
            let first = self.rng.pick(WORDS);
            title.extend(capitalized(first));
            title.push(' ');
            self.words(&mut title, count - 1);
        }
        if !used.insert(fold_hash(&title)) {
            let base = title.len();
            for k in 2.. {
                title.truncate(base);
                let _ = write!(title, " part {k}");
                if used.insert(fold_hash(&title)) {
                    break;
                }
            }
        }
        title
    }

    fn standards(
        &mut self,
        count: usize,
        mut agencies: Agencies,
        committees: &Committees,
        topics: usize,
    ) {
        let first = self.nodes.len();
        let committee_zipf = Zipf::new(committees.ids.len(), Skew::ThreeQuarters);
        let topic_zipf = Zipf::new(topics, Skew::Half);
        let mut records: Vec<StandardRecord> = Vec::with_capacity(count);
        let mut titles = TitleSet::with_capacity_and_hasher(count, BuildHasherDefault::default());
        // Standards of international bodies: what national standards mostly correspond to.
        let mut international: Vec<u32> = Vec::new();
        for i in 0..count {
            // A new edition of an earlier, still valid standard (~10%)?
            let mut previous = None;
            if i > 0 && self.rng.chance(0.1) {
                for _ in 0..4 {
                    let j = self.rng.below(i);
                    if records[j].revisable && records[j].year < LAST_YEAR {
                        previous = Some(j);
                        break;
                    }
                }
            }
            let (record, title, draft) = match previous {
                Some(j) => {
                    let old = records[j];
                    let gap = usize::from(LAST_YEAR - old.year).min(12);
                    let year = old.year + 1 + self.rng.below(gap) as u16;
                    let title = match &self.nodes[first + j].data {
                        NodeData::Standard(s) => s.title.clone(),
                        _ => None,
                    };
                    (
                        StandardRecord { year, ..old },
                        title.expect("generated standards have titles"),
                        false,
                    )
                }
                None => {
                    let committee = committee_zipf.sample(&mut self.rng);
                    let a = committees.agency[committee] as usize;
                    let roll = self.rng.below(100) as u8;
                    let series = agencies.prefixes[a]
                        .iter()
                        .find(|&&(_, cumulative)| roll < cumulative)
                        .map_or(agencies.prefixes[a][0].0, |&(s, _)| s);
                    let (number, part) = agencies.series[series].allocate(&mut self.rng);
                    let topic = if self.rng.chance(0.6) {
                        usize::from(committees.topic[committee])
                    } else {
                        topic_zipf.sample(&mut self.rng)
                    };
                    let draft = self.rng.chance(0.05);
                    let year = if draft {
                        self.rng.between(LAST_YEAR - 1, LAST_YEAR)
                    } else {
                        self.rng.between(FIRST_YEAR, LAST_YEAR)
                    };
                    let cryptographic = agencies.series[series].prefix == "GM/T";
                    let title = self.title(topic, cryptographic, &mut titles);
                    let record = StandardRecord {
                        committee: committee as u32,
                        series: series as u32,
                        number,
                        part,
                        year,
                        topic: topic as u8,
                        revisable: false,
                    };
                    (record, title, draft)
                }
            };
            let mut data = StandardData {
                title: Some(title),
                ..StandardData::default()
            };
            let month = self.rng.month();
            if draft {
                // A draft for comments: no year in the code yet, a comment period of one or two months.
                let month = month.min(10);
                let day = self.rng.day();
                data.status = StandardStatus::DraftForComments;
                data.proposed = Some(date(record.year, month, day));
                let deadline = month + 1 + self.rng.below(2) as u8;
                data.comment_deadline = Some(date(record.year, deadline, day));
            } else {
                data.published = Some(date(record.year, month, self.rng.day()));
                let (year, in_force_month) =
                    add_months(record.year, month, 3 + self.rng.below(7) as u16);
                if year <= LAST_YEAR {
                    data.in_force = Some(date(year, in_force_month, 1));
                    data.status = StandardStatus::InForce;
                    if self.rng.chance(0.06) {
                        let withdrawn = year + 3 + self.rng.below(12) as u16;
                        if withdrawn <= LAST_YEAR {
                            data.withdrawn = Some(date(withdrawn, self.rng.month(), 1));
                            data.status = StandardStatus::Withdrawn;
                        }
                    }
                } else {
                    data.status = StandardStatus::Published;
                }
            }
            let series = &agencies.series[record.series as usize];
            let code = series.code(record.number, record.part, (!draft).then_some(record.year));
            let id = node_id(&standard_id(&code));
            debug_assert!(
                StandardCode::parse(&code)
                    .is_ok_and(|c| c.to_string() == code && c.node_id() == id.as_str()),
                "{code} is not canonical or does not give the id {id}"
            );
            data.level = Some(series.level);
            data.code = Some(code.clone());
            let joint = series.joint;
            let by_international_body = series.level == StandardLevel::International;
            let revisable = data.withdrawn.is_none() && !draft;
            let effective = data.in_force.or(data.published);
            let published = data.published;
            self.push_node(id.clone(), code, NodeData::Standard(data));
            records.push(StandardRecord {
                revisable,
                ..record
            });

            let committee = record.committee as usize;
            let a = committees.agency[committee] as usize;
            self.link(RelationKind::DraftedBy, &id, &committees.ids[committee]);
            self.link(RelationKind::IssuedBy, &id, &agencies.ids[a]);
            let co_issuer = match joint {
                Some(b) => Some(b),
                None if self.rng.chance(0.08) => Some(agencies.zipf.sample(&mut self.rng)),
                None => None,
            };
            if let Some(b) = co_issuer.filter(|&b| b != a) {
                self.link(RelationKind::IssuedBy, &id, &agencies.ids[b])
                    .props_mut()
                    .role = Some("joint issuer".to_owned());
            }
            let topic = usize::from(record.topic);
            let topic_id = self.topics[topic].clone();
            self.link(RelationKind::CoversTopic, &id, &topic_id);
            if self.rng.chance(0.3) {
                let second = self.rng.below(topics);
                if second != topic {
                    let topic_id = self.topics[second].clone();
                    self.link(RelationKind::CoversTopic, &id, &topic_id);
                }
            }
            if let Some(j) = previous {
                records[j].revisable = false;
                let old = first + j;
                let old_id = self.nodes[old].id.clone();
                if let NodeData::Standard(s) = &mut self.nodes[old].data {
                    s.status = StandardStatus::Superseded;
                    s.withdrawn = s.in_force.or(s.published).max(effective);
                }
                self.link(RelationKind::Supersedes, &id, &old_id)
                    .props_mut()
                    .date = published;
            }
            if i > 0 && self.rng.chance(0.06) {
                for _ in 0..4 {
                    let j = if !international.is_empty() && self.rng.chance(0.7) {
                        international[self.rng.below(international.len())] as usize
                    } else {
                        self.rng.below(i)
                    };
                    if committees.agency[records[j].committee as usize] as usize != a {
                        let degree = match self.rng.below(20) {
                            0..=7 => Degree::Idt,
                            8..=14 => Degree::Mod,
                            _ => Degree::Neq,
                        };
                        let other = self.nodes[first + j].id.clone();
                        self.link(RelationKind::CorrespondsTo, &id, &other)
                            .props_mut()
                            .degree = Some(degree);
                        break;
                    }
                }
            }
            if by_international_body {
                international.push(i as u32);
            }
        }
    }
}

/// True when the prefix writes its codes international style (`ISO 2000-3:2015`).
fn is_international(prefix: &str) -> bool {
    StandardCode::parse(&format!("{prefix} 1:2000")).is_ok_and(|c| c.to_string().ends_with(":2000"))
}

/// The `k`-th generated association abbreviation: `C` and three (later more) letters, scrambled so that
/// neighbours do not look alike.
fn association_abbreviation(k: usize) -> String {
    const BLOCK: usize = 26 * 26 * 26;
    let mut n = if k < BLOCK {
        (k * 4721 + 1234) % BLOCK
    } else {
        k
    };
    let mut letters = Vec::with_capacity(6);
    while letters.len() < 3 || n > 0 {
        letters.push(b'A' + (n % 26) as u8);
        n /= 26;
    }
    letters.push(b'C');
    letters.reverse();
    String::from_utf8(letters).expect("ASCII letters")
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use super::*;
    use stdgraph::app::{Change, creation_order};
    use stdgraph::graph::KnowledgeGraph;
    use stdgraph::model::NodeKind;

    #[test]
    fn the_same_seed_gives_the_same_graph_and_another_seed_another() {
        let a = generate(3_000, 7);
        let b = generate(3_000, 7);
        assert!(a == b, "two runs with seed 7 differ");
        let c = generate(3_000, 8);
        assert!(
            a.0 != c.0 && a.1 != c.1,
            "seeds 7 and 8 give the same graph"
        );
    }

    #[test]
    fn the_kind_mix_and_density_match_the_targets() {
        let n = 10_000;
        let (nodes, relations) = generate(n, 42);
        assert_eq!(nodes.len(), n);
        let mut kinds: BTreeMap<NodeKind, usize> = BTreeMap::new();
        for node in &nodes {
            *kinds.entry(node.kind()).or_default() += 1;
        }
        let share = |k: NodeKind| kinds.get(&k).copied().unwrap_or(0) as f64 / n as f64;
        for (kind, target, tolerance) in [
            (NodeKind::TechnicalCommittee, 0.01, 0.002),
            (NodeKind::Person, 0.06, 0.005),
            (NodeKind::Event, 0.03, 0.005),
            (NodeKind::Mou, 0.005, 0.002),
            (NodeKind::Document, 0.06, 0.005),
            (NodeKind::Standard, 0.83, 0.02),
            (NodeKind::Source, 0.001, 0.001),
        ] {
            let got = share(kind);
            assert!(
                (got - target).abs() <= tolerance,
                "{kind}: {got:.4} of nodes, want {target} +- {tolerance}"
            );
        }
        assert_eq!(kinds[&NodeKind::Agency], 5);
        assert_eq!(kinds[&NodeKind::Topic], 40);

        let per_node = relations.len() as f64 / n as f64;
        assert!(
            (3.0..3.7).contains(&per_node),
            "{per_node:.2} relations per node"
        );
        let mut by_kind: BTreeMap<RelationKind, usize> = BTreeMap::new();
        for r in &relations {
            *by_kind.entry(r.kind).or_default() += 1;
        }
        let standards = kinds[&NodeKind::Standard] as f64;
        let of_standards = |k: RelationKind| by_kind[&k] as f64 / standards;
        let supersedes = of_standards(RelationKind::Supersedes);
        assert!(
            (0.08..0.12).contains(&supersedes),
            "supersedes {supersedes}"
        );
        let corresponds = of_standards(RelationKind::CorrespondsTo);
        assert!(
            (0.045..0.075).contains(&corresponds),
            "corresponds_to {corresponds}"
        );
        assert_eq!(
            by_kind[&RelationKind::DraftedBy],
            kinds[&NodeKind::Standard]
        );
        let produced = by_kind[&RelationKind::Produced] as f64 / kinds[&NodeKind::Document] as f64;
        assert!((0.4..0.6).contains(&produced), "produced {produced}");

        // Agency 0 is the biggest hub.
        let mut degree: BTreeMap<&str, usize> = BTreeMap::new();
        for r in &relations {
            for end in [&r.from, &r.to] {
                if end.prefix() == "agency" {
                    *degree.entry(end.as_str()).or_default() += 1;
                }
            }
        }
        let hub = degree.iter().max_by_key(|&(_, d)| *d).map(|(id, _)| *id);
        assert_eq!(hub, Some("agency:000000"), "{degree:?}");
    }

    #[test]
    fn the_whole_graph_inserts_without_an_error_or_a_name_collision() {
        let (nodes, relations) = generate(5_000, 1);
        let mut graph = KnowledgeGraph::new();
        let mut errors = Vec::new();
        for change in creation_order(nodes, relations) {
            let result = match change {
                Change::Create(node) => graph.insert_node(node, 1),
                Change::Link(relation) => graph.insert_relation(relation).map(drop),
                other => panic!("creation_order gave {other:?}"),
            };
            if let Err(e) = result {
                errors.push(e.to_string());
            }
        }
        assert!(
            errors.is_empty(),
            "{} errors, first: {:?}",
            errors.len(),
            &errors[..errors.len().min(5)]
        );
        assert_eq!(graph.name_collisions(), Vec::new());
        assert_eq!(graph.node_count(), 5_000);
    }

    #[test]
    fn standards_carry_canonical_codes_and_editions_share_their_series() {
        let (nodes, relations) = generate(10_000, 3);
        let by_id: BTreeMap<&str, &Node> = nodes.iter().map(|n| (n.id.as_str(), n)).collect();
        let mut cryptographic = 0;
        for node in &nodes {
            if let NodeData::Standard(s) = &node.data {
                let code = s.code.as_deref().expect("a code");
                let parsed = StandardCode::parse(code).expect("a valid code");
                assert_eq!(parsed.to_string(), code);
                assert_eq!(parsed.node_id(), node.id.as_str());
                assert_eq!(node.name, code);
                if s.title
                    .as_deref()
                    .is_some_and(|t| t.contains("ryptographic"))
                {
                    cryptographic += 1;
                }
                for d in [
                    s.proposed,
                    s.published,
                    s.in_force,
                    s.withdrawn,
                    s.comment_deadline,
                ]
                .into_iter()
                .flatten()
                {
                    assert!((1995..=2024).contains(&d.year()), "{} {d}", node.id);
                }
            }
        }
        assert!(cryptographic > 50, "{cryptographic} cryptographic titles");
        for r in relations
            .iter()
            .filter(|r| r.kind == RelationKind::Supersedes)
        {
            let (new, old) = (
                by_id[r.from.as_str()].standard_code().unwrap(),
                by_id[r.to.as_str()].standard_code().unwrap(),
            );
            assert_eq!(new.series_key(), old.series_key());
            assert!(new.year() > old.year(), "{new} supersedes {old}");
            let NodeData::Standard(s) = &by_id[r.to.as_str()].data else {
                unreachable!()
            };
            assert_eq!(s.status, StandardStatus::Superseded);
        }
        for r in relations
            .iter()
            .filter(|r| r.kind == RelationKind::CorrespondsTo)
        {
            assert!(r.props().degree.is_some());
            let prefix = |id: &str| by_id[id].standard_code().unwrap().prefix().to_owned();
            assert_ne!(prefix(r.from.as_str()), prefix(r.to.as_str()));
        }
    }

    #[test]
    fn generated_abbreviations_are_distinct() {
        let all: HashSet<String> = (0..30_000).map(association_abbreviation).collect();
        assert_eq!(all.len(), 30_000);
    }
}
