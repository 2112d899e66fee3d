//! The entity network: which people, organisations, places and things the
//! corpus names together, drawn as a graph and listed as pairs.
//!
//! **Nodes** are entities of type PER, ORG, LOC or MISC (sums, percentages
//! and dates are values, not actors). **Edges** join two entities named in
//! the same *passage*, a block of an article that is read as one unit
//! (paragraph, standfirst, heading or title; never a photo credit; the
//! whole text when an article has no blocks). An edge's weight is the
//! number of distinct passages naming both, however often each is named
//! there. A relation the prose states ([`crate::relations`]) counts the
//! passage its evidence sentence lies in, once with the co-occurrence of
//! the same passage, and marks the edge with its kind; so every relation
//! between two entities makes (or marks) an edge.
//!
//! [`build`] keeps the [`Limits::nodes`] entities of greatest weighted
//! degree (the passages of all their edges, ties by entity number), the
//! [`Limits::edges`] heaviest edges between them, and drops the nodes left
//! without an edge. It makes two passes over the mentions, each costing,
//! per passage, the pairs of its first [`MAX_LINKED`] entities: the first
//! counts per entity only (its memory follows the entities, not the
//! pairs), the second counts the pairs of the chosen entities and keeps
//! [`Limits::samples`] passages of each.
//!
//! Then a deterministic force-directed layout places the nodes in a
//! [`WIDTH`] × [`HEIGHT`] box: Fruchterman–Reingold from a sunflower start
//! (nodes in weight order on a spiral, the heaviest at the centre),
//! [`ITERATIONS`] steps on a linear cooling schedule, hubs repelling more
//! (as in ForceAtlas2), then overlapping circles pushed apart. Only
//! additions, multiplications, divisions and square roots reach the
//! coordinates (sines come from a fixed series), so the same corpus gives
//! the same bytes natively and in WebAssembly.
//!
//! [`Network::markup`] draws it for the app, which inserts the string as it
//! is ([`crate::markup`]): an SVG drawing (each node links to its entity
//! page, each edge to `#/network/{edge index}`), then, heaviest first, a
//! list of the edges whose items open on their sample passages. At narrow
//! widths the list alone is the view.
//!
//! ```
//! use loupe_engine::entities::{kb::KnowledgeBase, Recognizer};
//! use loupe_engine::network::{build, Limits};
//! use loupe_engine::{Corpus, Document};
//! let kb = KnowledgeBase::parse("kb.toml".as_ref(), r#"
//! [[entity]]
//! name = "Orange"
//! type = "ORG"
//! [[entity]]
//! name = "Cloudwatt"
//! type = "ORG"
//! "#).unwrap();
//! let text = "Orange rachète Cloudwatt.\n\nCloudwatt et Orange, encore.\n\nOrange seul.";
//! let mut corpus = Corpus::new(vec![Document::from_text("a", "a.txt", text.into())]);
//! corpus.annotate(&Recognizer::new(kb));
//! let net = build(&corpus, &Limits::default());
//! assert_eq!((net.nodes.len(), net.edges.len()), (2, 1));
//! assert_eq!(net.edges[0].passages, 2);
//! assert_eq!(net.edges[0].kinds[0].as_str(), "acquisition");
//! assert!(net.markup(&corpus).starts_with("<div class=\"net\">"));
//! ```

use crate::corpus::Corpus;
use crate::document::{BlockKind, Document};
use crate::entities::table::DocMention;
use crate::entities::EntityType;
use crate::markup::{both, doc_href, encode, entity_href, escape};
use crate::relations::RelationKind;
use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::ops::Range;

/// Distinct entities of one passage that are linked pairwise: a passage
/// naming more (a list of shareholders, a table of figures pasted as one
/// line) links only the first 24 it names, at most 276 pairs, so the cost
/// of a passage stays bounded whatever its length. Every entity it names
/// still counts in [`Node::passages`], and a relation stated there still
/// makes its edge.
pub const MAX_LINKED: usize = 24;
/// Width of the drawing, in SVG user units (the `viewBox`).
pub const WIDTH: f32 = 880.0;
/// Height of the drawing, in SVG user units.
pub const HEIGHT: f32 = 560.0;
/// Steps of the force-directed layout: enough for 40 nodes to settle, and
/// fixed, so the result never depends on timing.
pub const ITERATIONS: usize = 300;

/// Horizontal space kept on each side for the labels of the outermost nodes.
const MARGIN_X: f64 = 96.0;
/// Vertical space kept above and below for the outermost circles and labels.
const MARGIN_Y: f64 = 30.0;
/// Radius of the node of fewest passages, in user units, at [`CROWD`] nodes or fewer.
const R_MIN: f64 = 5.0;
/// Radius of the node of most passages, in user units, at [`CROWD`] nodes or fewer.
const R_MAX: f64 = 17.0;
/// Nodes the box holds at full size: beyond, radii shrink by √(CROWD / n),
/// so that n circles always fit (a grid of them, at worst).
const CROWD: f64 = 40.0;
/// Empty space kept between two circles, in user units (scaled like radii).
const GAP: f64 = 4.0;
/// Ideal edge length as a share of the side of the square each node would
/// have to itself (Fruchterman–Reingold's `k` is that side).
const SPRING: f64 = 0.75;
/// First step's largest move, as a share of the box's width; it falls
/// linearly to zero over the iterations.
const HEAT: f64 = 0.12;
/// Pull of every node towards the centre, per unit of distance, as a share of
/// `k`: keeps parts of the graph that share no edge from drifting apart.
const GRAVITY: f64 = 0.04;
/// Rounds of pushing overlapping circles apart before the grid fallback.
const SEPARATION_ROUNDS: usize = 400;
/// The golden angle, in radians: the sunflower start's turn between nodes.
const GOLDEN_ANGLE: f64 = 2.399_963_229_728_653;
/// Label size in user units: 13 px at the drawing's natural width (≥ 12 px).
const FONT: f64 = 13.0;
/// Average advance of a label character, as a share of [`FONT`] (semibold
/// sans-serif, mixed case): used to keep labels apart.
const CHAR_WIDTH: f64 = 0.6;
/// Longest label drawn, in characters: longer names end in "…" (the full name
/// is in the node's tooltip and in the list).
const LABEL_CHARS: usize = 24;
/// Longest excerpt of a passage in the list, in characters.
pub const EXCERPT_CHARS: usize = 220;
/// Widest visible edge, in user units (the thinnest is 1).
const EDGE_MAX_WIDTH: f64 = 6.0;
/// Relation facts shown per edge in the list, at most (then "…").
const FACTS_SHOWN: usize = 6;
/// Values shown per fact ("33,3 %", a role), at most.
const VALUES_SHOWN: usize = 3;

/// How much of the network to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Limits {
    /// Most nodes: 40 by default, what a 880 × 560 drawing shows with
    /// readable labels.
    pub nodes: usize,
    /// Most edges: 120 by default, three per node on average, beyond which
    /// the drawing is a hairball.
    pub edges: usize,
    /// Sample passages kept per edge: 8 by default, enough to see what links
    /// the two without carrying the corpus.
    pub samples: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            nodes: 40,
            edges: 120,
            samples: 8,
        }
    }
}

/// An entity of the network, placed in the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    /// Index into the corpus's entity table.
    pub entity: u32,
    /// Centre, in user units, 0 ..= [`WIDTH`].
    pub x: f32,
    /// Centre, in user units, 0 ..= [`HEIGHT`].
    pub y: f32,
    /// Passages that name the entity (see the module's rule), in the whole corpus.
    pub passages: u32,
}

/// A passage that links the two entities of an edge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Passage {
    /// The document (its position in the corpus).
    pub doc: usize,
    /// The passage's bytes in the document text (a block, or the evidence
    /// sentence of a relation found outside any block).
    pub range: Range<usize>,
    /// Start of the first mention in it of the edge's first entity (node `a`).
    pub at: Option<usize>,
}

/// Two entities named together.
#[derive(Debug, Clone, PartialEq)]
pub struct Edge {
    /// Node index of one end (always less than `b`).
    pub a: usize,
    /// Node index of the other end.
    pub b: usize,
    /// Distinct passages naming both (or stating a relation between them).
    pub passages: u32,
    /// Kinds of the relations stated between the two, in either direction,
    /// sorted and deduplicated (empty for a co-occurrence only).
    pub kinds: Vec<RelationKind>,
    /// Up to [`Limits::samples`] passages, from as many articles as
    /// possible: those stating a relation first, then the others, each group
    /// in corpus order.
    pub samples: Vec<Passage>,
}

/// The network of a corpus: nodes heaviest first, edges heaviest first.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Network {
    /// Entities, by weighted degree (ties by entity number).
    pub nodes: Vec<Node>,
    /// Pairs, by passages (ties by the entity numbers of their ends).
    pub edges: Vec<Edge>,
}

/// One passage as the walk over the corpus sees it.
struct Span<'a> {
    doc: usize,
    range: Range<usize>,
    /// Its mentions, in text order.
    mentions: &'a [DocMention],
    /// Distinct node-type entities it names, in order of first mention.
    entities: &'a [u32],
    /// Relations whose evidence starts in it (indices into `corpus.relations`).
    relations: &'a [usize],
}

/// What pass 2 gathers for a pair of chosen entities.
#[derive(Debug, Clone, Default)]
struct Pair {
    passages: u32,
    /// Bit `k` set: a relation of kind `RelationKind::ALL[k]`.
    kinds: u8,
    /// Sample candidates: stating a relation, other, and the same two for
    /// a second passage of an article.
    tiers: [Vec<Passage>; 4],
    /// The article of the last passage seen, stating and other.
    last_doc: [Option<usize>; 2],
}

/// The map key of a pair: the smaller entity number in the high half.
fn key(x: u32, y: u32) -> u64 {
    let (a, b) = if x < y { (x, y) } else { (y, x) };
    (u64::from(a) << 32) | u64::from(b)
}

fn unkey(k: u64) -> (u32, u32) {
    ((k >> 32) as u32, (k & 0xffff_ffff) as u32)
}

/// Whether entities of this type can be nodes.
fn is_actor(kind: EntityType) -> bool {
    matches!(
        kind,
        EntityType::Per | EntityType::Org | EntityType::Loc | EntityType::Misc
    )
}

/// The passages of a document: its blocks but credits, or all its text.
fn passages(doc: &Document) -> Vec<Range<usize>> {
    if doc.blocks.is_empty() {
        return std::iter::once(0..doc.text.len()).collect();
    }
    doc.blocks
        .iter()
        .filter(|b| b.kind != BlockKind::Credit)
        .map(|b| b.range.clone())
        .collect()
}

/// Calls `f` on every passage of the corpus, in document then text order,
/// and on the evidence sentence of any relation that starts in no passage
/// (relations alone, no co-occurrence). One pass over the mentions.
fn walk(corpus: &Corpus, actor: &[bool], f: &mut dyn FnMut(&Span)) {
    let rels_all = &corpus.relations;
    let mut rels: Vec<usize> = (0..rels_all.len()).collect();
    crate::sort::by(&mut rels, &|&x, &y| {
        let (p, q) = (&rels_all[x], &rels_all[y]);
        (p.doc, p.evidence.start, p.evidence.end, x).cmp(&(q.doc, q.evidence.start, q.evidence.end, y))
    });
    // Passage number in which each entity was last seen: distinctness in O(1).
    let mut seen: Vec<usize> = vec![usize::MAX; actor.len()];
    let mut pid = 0usize;
    let mut entities: Vec<u32> = Vec::new();
    let mut r = 0;
    for (d, doc) in corpus.docs.iter().enumerate() {
        let mentions = corpus.entities.of(d);
        while r < rels.len() && rels_all[rels[r]].doc < d {
            r += 1;
        }
        let first = r;
        while r < rels.len() && rels_all[rels[r]].doc == d {
            r += 1;
        }
        let doc_rels = &rels[first..r];
        let ev = |i: usize| &rels_all[doc_rels[i]].evidence;
        // Relations from `*ri` whose evidence starts before `before`, each
        // group of one sentence a passage of its own.
        let orphans = |ri: &mut usize, before: usize, f: &mut dyn FnMut(&Span)| {
            while *ri < doc_rels.len() && ev(*ri).start < before {
                let start = *ri;
                while *ri < doc_rels.len() && ev(*ri) == ev(start) {
                    *ri += 1;
                }
                let range = ev(start).clone();
                let from = mentions.partition_point(|m| m.range.start < range.start);
                let to = from + mentions[from..].partition_point(|m| m.range.start < range.end);
                f(&Span {
                    doc: d,
                    range,
                    mentions: &mentions[from..to],
                    entities: &[],
                    relations: &doc_rels[start..*ri],
                });
            }
        };
        let (mut ri, mut mi) = (0, 0);
        for range in passages(doc) {
            orphans(&mut ri, range.start, f);
            let rel_from = ri;
            while ri < doc_rels.len() && ev(ri).start < range.end {
                ri += 1;
            }
            while mi < mentions.len() && mentions[mi].range.start < range.start {
                mi += 1;
            }
            let from = mi;
            while mi < mentions.len() && mentions[mi].range.start < range.end {
                mi += 1;
            }
            entities.clear();
            for m in &mentions[from..mi] {
                let e = m.entity as usize;
                if actor.get(e) == Some(&true) && seen[e] != pid {
                    seen[e] = pid;
                    entities.push(m.entity);
                }
            }
            pid += 1;
            f(&Span {
                doc: d,
                range,
                mentions: &mentions[from..mi],
                entities: &entities,
                relations: &doc_rels[rel_from..ri],
            });
        }
        orphans(&mut ri, usize::MAX, f);
    }
}

/// The entity pairs a passage links, each once: pairs of its first
/// [`MAX_LINKED`] entities, then relation pairs not among them. Calls
/// `f(pair key, bits of the kinds stated)`; only pairs of two entities
/// `keep` accepts (after the cap: pass 2 sees the pairs pass 1 counted).
fn pairs_of(corpus: &Corpus, actor: &[bool], span: &Span, keep: &dyn Fn(u32) -> bool, f: &mut dyn FnMut(u64, u8)) {
    let linked = &span.entities[..span.entities.len().min(MAX_LINKED)];
    let mut found: Vec<(u64, u8)> = Vec::new();
    for (i, &x) in linked.iter().enumerate() {
        if !keep(x) {
            continue;
        }
        for &y in &linked[i + 1..] {
            if keep(y) {
                found.push((key(x, y), 0));
            }
        }
    }
    let co = found.len();
    for &r in span.relations {
        let Some(rel) = corpus.relations.get(r) else { continue };
        let ok = |e: u32| actor.get(e as usize) == Some(&true) && keep(e);
        if rel.subject == rel.object || !ok(rel.subject) || !ok(rel.object) {
            continue;
        }
        let k = key(rel.subject, rel.object);
        let bit = 1u8 << rel.kind.code();
        let in_linked = linked.contains(&rel.subject) && linked.contains(&rel.object);
        let place = if in_linked {
            found[..co].iter().position(|p| p.0 == k)
        } else {
            found[co..].iter().position(|p| p.0 == k).map(|i| i + co)
        };
        match place {
            Some(i) => found[i].1 |= bit,
            None => found.push((k, bit)),
        }
    }
    for (k, bits) in found {
        f(k, bits);
    }
}

/// The network of `corpus` within `limits` (see the module's rules).
pub fn build(corpus: &Corpus, limits: &Limits) -> Network {
    let table = &corpus.entities.entities;
    let actor: Vec<bool> = table.iter().map(|e| is_actor(e.kind)).collect();
    if limits.nodes == 0 || limits.edges == 0 || !actor.contains(&true) {
        return Network::default();
    }

    // Pass 1, per entity only (memory follows the entities, not the
    // pairs): the passages naming it, and its weighted degree, which is the
    // number of (pair, passage) links it takes part in.
    let mut node_passages = vec![0u32; table.len()];
    let mut degree = vec![0u64; table.len()];
    walk(corpus, &actor, &mut |span| {
        for &e in span.entities {
            node_passages[e as usize] += 1;
        }
        pairs_of(corpus, &actor, span, &|_| true, &mut |k, _| {
            let (x, y) = unkey(k);
            degree[x as usize] += 1;
            degree[y as usize] += 1;
        });
    });

    // Nodes by weighted degree, ties by entity number.
    let mut chosen: Vec<u32> = (0..table.len() as u32).filter(|&e| degree[e as usize] > 0).collect();
    crate::sort::by(&mut chosen, &|&x, &y| {
        degree[y as usize].cmp(&degree[x as usize]).then(x.cmp(&y))
    });
    chosen.truncate(limits.nodes);
    let mut rank = vec![usize::MAX; table.len()];
    for (i, &e) in chosen.iter().enumerate() {
        rank[e as usize] = i;
    }

    // Pass 2, between the chosen only: passages and kinds per pair, and
    // sample passages in four tiers: those stating a relation, then the
    // others, first one per article (so that samples come from as many
    // articles as there are), then the rest.
    let mut pairs: BTreeMap<u64, Pair> = BTreeMap::new();
    walk(corpus, &actor, &mut |span| {
        pairs_of(
            corpus,
            &actor,
            span,
            &|e| rank[e as usize] != usize::MAX,
            &mut |k, bits| {
                let pair = pairs.entry(k).or_default();
                pair.passages += 1;
                pair.kinds |= bits;
                if limits.samples == 0 {
                    return;
                }
                let plain = usize::from(bits == 0);
                let repeat = pair.last_doc[plain] == Some(span.doc);
                pair.last_doc[plain] = Some(span.doc);
                let tier = &mut pair.tiers[plain + 2 * usize::from(repeat)];
                if tier.len() < limits.samples {
                    // The edge's first entity: the one that comes first among the nodes.
                    let (x, y) = unkey(k);
                    let first = if rank[x as usize] < rank[y as usize] { x } else { y };
                    tier.push(Passage {
                        doc: span.doc,
                        range: span.range.clone(),
                        at: span.mentions.iter().find(|m| m.entity == first).map(|m| m.range.start),
                    });
                }
            },
        );
    });

    // The heaviest edges between them, ties by entity numbers (the key).
    let mut kept: Vec<(u64, Pair)> = pairs.into_iter().collect();
    crate::sort::by(&mut kept, &|p, q| q.1.passages.cmp(&p.1.passages).then(p.0.cmp(&q.0)));
    kept.truncate(limits.edges);

    // Nodes left without an edge go; the others keep their order.
    let mut linked = vec![false; table.len()];
    for (k, _) in &kept {
        let (x, y) = unkey(*k);
        linked[x as usize] = true;
        linked[y as usize] = true;
    }
    chosen.retain(|&e| linked[e as usize]);
    let mut node_of = vec![usize::MAX; table.len()];
    for (i, &e) in chosen.iter().enumerate() {
        node_of[e as usize] = i;
    }
    let mut nodes: Vec<Node> = chosen
        .iter()
        .map(|&e| Node {
            entity: e,
            x: 0.0,
            y: 0.0,
            passages: node_passages[e as usize],
        })
        .collect();
    let edges: Vec<Edge> = kept
        .into_iter()
        .map(|(k, pair)| {
            let (x, y) = unkey(k);
            let (p, q) = (node_of[x as usize], node_of[y as usize]);
            let [t0, t1, t2, t3] = pair.tiers;
            let mut picked: Vec<(bool, Passage)> = t0
                .into_iter()
                .map(|p| (true, p))
                .chain(t1.into_iter().map(|p| (false, p)))
                .chain(t2.into_iter().map(|p| (true, p)))
                .chain(t3.into_iter().map(|p| (false, p)))
                .take(limits.samples)
                .collect();
            crate::sort::by(&mut picked, &|x, y| {
                (!x.0, x.1.doc, x.1.range.start).cmp(&(!y.0, y.1.doc, y.1.range.start))
            });
            Edge {
                a: p.min(q),
                b: p.max(q),
                passages: pair.passages,
                kinds: RelationKind::ALL
                    .into_iter()
                    .filter(|kind| pair.kinds & (1 << kind.code()) != 0)
                    .collect(),
                samples: picked.into_iter().map(|(_, p)| p).collect(),
            }
        })
        .collect();

    place(&mut nodes, &edges);
    Network { nodes, edges }
}

/// Sine and cosine of `x` (|x| ≤ π) by their series: the same bits on
/// every platform, unlike the system's `sin`.
fn sin_cos(x: f64) -> (f64, f64) {
    let (mut s, mut c) = (0.0, 0.0);
    let (mut ts, mut tc) = (x, 1.0);
    for n in 0..14 {
        s += ts;
        c += tc;
        let m = 2.0 * f64::from(n);
        ts *= -x * x / ((m + 2.0) * (m + 3.0));
        tc *= -x * x / ((m + 1.0) * (m + 2.0));
    }
    (s, c)
}

/// Radii of `passages`' circles, in user units: from [`R_MIN`] to
/// [`R_MAX`] by the square root of the share of the most, so that area
/// follows passages; shrunk beyond [`CROWD`] nodes.
fn radii(passages: &[u32]) -> Vec<f64> {
    let most = f64::from(passages.iter().copied().max().unwrap_or(1).max(1));
    let shrink = crowd_shrink(passages.len());
    passages
        .iter()
        .map(|&p| shrink * (R_MIN + (R_MAX - R_MIN) * (f64::from(p) / most).sqrt()))
        .collect()
}

fn crowd_shrink(n: usize) -> f64 {
    (CROWD / n.max(1) as f64).sqrt().min(1.0)
}

/// Places `nodes` in the box: force-directed, fitted, then separated.
fn place(nodes: &mut [Node], edges: &[Edge]) {
    let n = nodes.len();
    if n == 0 {
        return;
    }
    let r = radii(&nodes.iter().map(|n| n.passages).collect::<Vec<_>>());
    let (w, h) = (f64::from(WIDTH) - 2.0 * MARGIN_X, f64::from(HEIGHT) - 2.0 * MARGIN_Y);
    let k = SPRING * (w * h / n as f64).sqrt();
    // Hubs push harder (ForceAtlas2's degree-weighted repulsion): the
    // well-connected core spreads out instead of piling up at the centre.
    let mut degree = vec![1.0f64; n];
    for e in edges {
        degree[e.a] += 1.0;
        degree[e.b] += 1.0;
    }
    let mean = degree.iter().sum::<f64>() / n as f64;

    // Sunflower start, heaviest at the centre, centred coordinates.
    let mut pos: Vec<(f64, f64)> = Vec::with_capacity(n);
    let mut angle: f64 = 0.0;
    for i in 0..n {
        let rho = ((i as f64 + 0.5) / n as f64).sqrt();
        let (s, c) = sin_cos(angle);
        pos.push((rho * c * w / 2.0, rho * s * h / 2.0));
        angle += GOLDEN_ANGLE;
        if angle > std::f64::consts::PI {
            angle -= 2.0 * std::f64::consts::PI;
        }
    }

    let heaviest = f64::from(edges.iter().map(|e| e.passages).max().unwrap_or(1).max(1));
    let mut disp = vec![(0.0f64, 0.0f64); n];
    for step in 0..ITERATIONS {
        let t = HEAT * w * (1.0 - step as f64 / ITERATIONS as f64);
        disp.iter_mut().for_each(|d| *d = (0.0, 0.0));
        for i in 0..n {
            for j in i + 1..n {
                let (mut dx, mut dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
                if dx * dx + dy * dy < 1e-6 {
                    // Two nodes on one point: a fixed nudge, different per pair.
                    let (s, c) = sin_cos(((i * 7 + j * 13) % 628) as f64 / 100.0 - std::f64::consts::PI);
                    (dx, dy) = (c * 0.01, s * 0.01);
                }
                let d = (dx * dx + dy * dy).sqrt();
                let f = k * k / d / d * (degree[i] * degree[j]).sqrt() / mean;
                disp[i].0 += dx * f;
                disp[i].1 += dy * f;
                disp[j].0 -= dx * f;
                disp[j].1 -= dy * f;
            }
        }
        for e in edges {
            let (dx, dy) = (pos[e.a].0 - pos[e.b].0, pos[e.a].1 - pos[e.b].1);
            let d = (dx * dx + dy * dy).sqrt();
            let strength = 0.4 + 0.6 * (f64::from(e.passages) / heaviest).sqrt();
            let f = d / k * strength;
            disp[e.a].0 -= dx * f;
            disp[e.a].1 -= dy * f;
            disp[e.b].0 += dx * f;
            disp[e.b].1 += dy * f;
        }
        for (p, d) in pos.iter_mut().zip(&mut disp) {
            d.0 -= GRAVITY * k * p.0 / (w / 2.0);
            d.1 -= GRAVITY * k * p.1 / (h / 2.0);
            let len = (d.0 * d.0 + d.1 * d.1).sqrt();
            if len > 0.0 {
                let step = len.min(t);
                p.0 = (p.0 + d.0 / len * step).clamp(-w / 2.0, w / 2.0);
                p.1 = (p.1 + d.1 / len * step).clamp(-h / 2.0, h / 2.0);
            }
        }
    }

    // Fit into the box (each axis by itself, the two scales at most 1.5×
    // apart so that the shape survives), centred.
    let (min_x, max_x) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.0), b.max(p.0)));
    let (min_y, max_y) = pos
        .iter()
        .fold((f64::MAX, f64::MIN), |(a, b), p| (a.min(p.1), b.max(p.1)));
    let (bw, bh) = ((max_x - min_x).max(1e-9), (max_y - min_y).max(1e-9));
    let (mut sx, mut sy) = (w / bw, h / bh);
    sx = sx.min(1.5 * sy);
    sy = sy.min(1.5 * sx);
    let (cx, cy) = ((min_x + max_x) / 2.0, (min_y + max_y) / 2.0);
    let (ox, oy) = (f64::from(WIDTH) / 2.0, f64::from(HEIGHT) / 2.0);
    for p in &mut pos {
        *p = (ox + (p.0 - cx) * sx, oy + (p.1 - cy) * sy);
    }

    separate(&mut pos, &r);
    for (node, p) in nodes.iter_mut().zip(&pos) {
        node.x = p.0 as f32;
        node.y = p.1 as f32;
    }
}

/// Keeps a circle inside the box.
fn clamp_in(p: &mut (f64, f64), r: f64) {
    p.0 = p.0.clamp(r + 1.0, f64::from(WIDTH) - r - 1.0);
    p.1 = p.1.clamp(r + 1.0, f64::from(HEIGHT) - r - 1.0);
}

/// Whether two circles are closer than their radii and the gap allow.
fn crowded(pos: &[(f64, f64)], r: &[f64], gap: f64) -> bool {
    (0..pos.len()).any(|i| {
        (i + 1..pos.len()).any(|j| {
            let (dx, dy) = (pos[i].0 - pos[j].0, pos[i].1 - pos[j].1);
            (dx * dx + dy * dy).sqrt() < r[i] + r[j] + gap / 2.0
        })
    })
}

/// Pushes overlapping circles apart, inside the box; if some still overlap
/// after [`SEPARATION_ROUNDS`], lays them on a grid in reading order of their
/// places (which always fits: see [`CROWD`]).
fn separate(pos: &mut [(f64, f64)], r: &[f64]) {
    let n = pos.len();
    let gap = GAP * crowd_shrink(n);
    for p in pos.iter_mut().zip(r) {
        clamp_in(p.0, *p.1);
    }
    for _ in 0..SEPARATION_ROUNDS {
        let mut moved = false;
        for i in 0..n {
            for j in i + 1..n {
                let (mut dx, mut dy) = (pos[j].0 - pos[i].0, pos[j].1 - pos[i].1);
                let mut d = (dx * dx + dy * dy).sqrt();
                let need = r[i] + r[j] + gap;
                if d >= need {
                    continue;
                }
                if d < 1e-6 {
                    let (s, c) = sin_cos(((i * 7 + j * 13) % 628) as f64 / 100.0 - std::f64::consts::PI);
                    (dx, dy, d) = (c, s, 1.0);
                }
                let push = (need - d) / 2.0 + 0.01;
                pos[i].0 -= dx / d * push;
                pos[i].1 -= dy / d * push;
                pos[j].0 += dx / d * push;
                pos[j].1 += dy / d * push;
                clamp_in(&mut pos[i], r[i]);
                clamp_in(&mut pos[j], r[j]);
                moved = true;
            }
        }
        if !moved {
            return;
        }
    }
    if crowded(pos, r, gap) {
        grid(pos);
    }
}

/// Lays circles on a grid filling the box, in reading order of their
/// places: cells are wider than any two radii and the gap (see [`CROWD`]).
fn grid(pos: &mut [(f64, f64)]) {
    let n = pos.len();
    let (width, height) = (f64::from(WIDTH), f64::from(HEIGHT));
    let cols = ((n as f64 * width / height).sqrt().ceil() as usize).max(1);
    let rows = n.div_ceil(cols).max(1);
    let cell = (width / cols as f64).min(height / rows as f64);
    let mut order: Vec<usize> = (0..n).collect();
    let snapshot: Vec<(f64, f64)> = pos.to_vec();
    crate::sort::by(&mut order, &|&x, &y| {
        let row = |i: usize| (snapshot[i].1 / cell) as usize;
        row(x)
            .cmp(&row(y))
            .then(snapshot[x].0.total_cmp(&snapshot[y].0))
            .then(x.cmp(&y))
    });
    for (slot, &i) in order.iter().enumerate() {
        pos[i] = (
            (slot % cols) as f64 * cell + cell / 2.0,
            (slot / cols) as f64 * cell + cell / 2.0,
        );
    }
}

/// A label's box: left, top, right, bottom.
type Box4 = (f64, f64, f64, f64);

fn overlap(a: &Box4, b: &Box4) -> f64 {
    let w = (a.2.min(b.2) - a.0.max(b.0)).max(0.0);
    let h = (a.3.min(b.3) - a.1.max(b.1)).max(0.0);
    w * h
}

/// `name` cut to [`LABEL_CHARS`] characters, with "…".
fn label_text(name: &str) -> String {
    if name.chars().count() <= LABEL_CHARS {
        return name.to_owned();
    }
    let mut s: String = name.chars().take(LABEL_CHARS - 1).collect();
    s.truncate(s.trim_end().len());
    s.push('…');
    s
}

/// The French and English words of a relation kind, for the list's summary.
fn kind_words(kind: RelationKind) -> (&'static str, &'static str) {
    match kind {
        RelationKind::Acquisition => ("a racheté", "bought"),
        RelationKind::Stake => ("détient une part de", "holds a stake in"),
        RelationKind::Founding => ("a fondé", "founded"),
        RelationKind::Investment => ("a investi dans", "invested in"),
        RelationKind::Merger => ("fusion", "merger"),
        RelationKind::Exit => ("a quitté", "left"),
        RelationKind::Leadership => ("dirige", "leads"),
        RelationKind::Partnership => ("partenariat", "partnership"),
    }
}

/// "1 passage", "12 passages" (the same words in French and English).
fn passages_words(n: u32) -> String {
    if n == 1 {
        "1 passage".to_owned()
    } else {
        format!("{n} passages")
    }
}

/// Moves `at` back by up to `n` characters, not before `floor`.
fn back(text: &str, mut at: usize, n: usize, floor: usize) -> usize {
    for _ in 0..n {
        match text.get(floor..at).and_then(|s| s.chars().next_back()) {
            Some(c) => at -= c.len_utf8(),
            None => break,
        }
    }
    at
}

/// Moves `at` forward by up to `n` characters, not past `ceil`.
fn fwd(text: &str, mut at: usize, n: usize, ceil: usize) -> usize {
    for _ in 0..n {
        match text.get(at..ceil).and_then(|s| s.chars().next()) {
            Some(c) => at += c.len_utf8(),
            None => break,
        }
    }
    at
}

/// The fragment of `text` within `bounds` around `focus`, about `budget`
/// characters, cut on word boundaries: (start, end, cut before, cut after).
fn window(text: &str, bounds: &Range<usize>, focus: Range<usize>, budget: usize) -> (usize, usize, bool, bool) {
    let focus = focus.start.clamp(bounds.start, bounds.end)..focus.end.clamp(bounds.start, bounds.end);
    let len = text.get(focus.clone()).map_or(0, |s| s.chars().count());
    let spare = budget.saturating_sub(len);
    let mut start = back(text, focus.start, spare / 2, bounds.start);
    let before = text.get(start..focus.start).map_or(0, |s| s.chars().count());
    let mut end = fwd(text, focus.end, spare - before, bounds.end);
    let after = text.get(focus.end..end).map_or(0, |s| s.chars().count());
    start = back(text, start, spare.saturating_sub(before + after), bounds.start);
    // Whole words only: step inside to the nearest space.
    if start > bounds.start && !text.get(..start).is_some_and(|t| t.ends_with(char::is_whitespace)) {
        if let Some(i) = text.get(start..focus.start).and_then(|s| s.find(char::is_whitespace)) {
            start += i;
        }
    }
    if end < bounds.end && !text.get(end..).is_some_and(|t| t.starts_with(char::is_whitespace)) {
        if let Some(i) = text.get(focus.end..end).and_then(|s| s.rfind(char::is_whitespace)) {
            end = focus.end + i;
        }
    }
    let lead = text.get(start..end).map_or(0, |s| s.len() - s.trim_start().len());
    let trail = text.get(start..end).map_or(0, |s| s.len() - s.trim_end().len());
    (start + lead, end - trail, start > bounds.start, end < bounds.end)
}

/// Escaped `text[range]` with the `marks` inside it (sorted, not
/// overlapping) as `<mark>`s of their entity type.
fn marked(text: &str, range: Range<usize>, marks: &[(Range<usize>, &str)], out: &mut String) {
    let mut at = range.start;
    for (m, kind) in marks {
        if m.start < at || m.end > range.end {
            continue;
        }
        out.push_str(&escape(text.get(at..m.start).unwrap_or("")));
        let _ = write!(
            out,
            "<mark data-type=\"{kind}\">{}</mark>",
            escape(text.get(m.clone()).unwrap_or(""))
        );
        at = m.end;
    }
    out.push_str(&escape(text.get(at..range.end).unwrap_or("")));
}

/// An excerpt of `passage` around the two entities' closest mentions, at most
/// about [`EXCERPT_CHARS`] characters (two fragments when they lie farther
/// apart), their mentions marked; markup.
fn excerpt(corpus: &Corpus, p: &Passage, x: u32, y: u32) -> String {
    let Some(doc) = corpus.docs.get(p.doc) else {
        return String::new();
    };
    let text = &doc.text;
    let start = p.range.start.min(text.len());
    let range = start..p.range.end.clamp(start, text.len());
    let mentions = corpus.entities.of(p.doc);
    let from = mentions.partition_point(|m| m.range.start < range.start);
    let inside: Vec<&DocMention> = mentions[from..]
        .iter()
        .take_while(|m| m.range.start < range.end)
        .filter(|m| (m.entity == x || m.entity == y) && m.range.end <= range.end)
        .collect();
    let kind = |e: u32| {
        corpus
            .entities
            .entities
            .get(e as usize)
            .map_or("MISC", |i| i.kind.as_str())
    };
    let marks: Vec<(Range<usize>, &str)> = inside.iter().map(|m| (m.range.clone(), kind(m.entity))).collect();
    // The closest pair of mentions, one of each entity.
    let mut best: Option<(usize, Range<usize>, Range<usize>)> = None;
    for m in inside.iter().filter(|m| m.entity == x) {
        for o in inside.iter().filter(|o| o.entity == y) {
            let span = m.range.start.min(o.range.start)..m.range.end.max(o.range.end);
            if best.as_ref().is_none_or(|b| span.len() < b.0) {
                best = Some((span.len(), m.range.clone(), o.range.clone()));
            }
        }
    }
    let focus: Vec<Range<usize>> = match best {
        Some((_, m, o)) => {
            let span = m.start.min(o.start)..m.end.max(o.end);
            if text.get(span.clone()).map_or(0, |s| s.chars().count()) <= EXCERPT_CHARS * 4 / 5 {
                vec![span]
            } else if m.start < o.start {
                vec![m, o]
            } else {
                vec![o, m]
            }
        }
        None => vec![inside.first().map_or(range.start..range.start, |m| m.range.clone())],
    };
    let budget = EXCERPT_CHARS / focus.len();
    let mut out = String::new();
    let mut last: Option<(usize, bool)> = None;
    for f in focus {
        let floor = last.map_or(range.start, |l| l.0);
        let (s, e, cut_before, cut_after) = window(text, &(floor..range.end), f, budget);
        match last {
            None if cut_before => out.push('…'),
            Some((_, cut)) if cut || cut_before => out.push_str(" … "),
            Some(_) => out.push(' '),
            None => {}
        }
        marked(text, s..e, &marks, &mut out);
        last = Some((e, cut_after));
    }
    if last.is_some_and(|l| l.1) {
        out.push('…');
    }
    out
}

impl Network {
    /// Radius of node `i`'s circle in user units (0 for no such node):
    /// grows with its passages, from 5 to 17 (less beyond 40 nodes).
    pub fn radius(&self, i: usize) -> f32 {
        let passages: Vec<u32> = self.nodes.iter().map(|n| n.passages).collect();
        radii(&passages).get(i).map_or(0.0, |&r| r as f32)
    }

    /// The view for the app: a `<div class="net">` (styled by the app's views.css),
    /// the drawing (hidden at narrow widths) and the list of edges. Names,
    /// titles and excerpts are escaped; links follow the app's routes.
    pub fn markup(&self, corpus: &Corpus) -> String {
        let mut out = String::from("<div class=\"net\">");
        let info = |i: usize| {
            self.nodes
                .get(i)
                .and_then(|n| corpus.entities.entities.get(n.entity as usize))
        };
        if self.edges.is_empty()
            || self
                .nodes
                .iter()
                .any(|n| corpus.entities.entities.get(n.entity as usize).is_none())
        {
            let _ = write!(
                out,
                "<p class=\"net-empty\">{}</p></div>",
                both(
                    "Aucune entité n’est nommée avec une autre dans un même paragraphe : pas de réseau à montrer.",
                    "No entity is named together with another in a paragraph: there is no network to show."
                )
            );
            return out;
        }
        let name = |i: usize| info(i).map_or("", |e| e.name.as_str());
        let kind = |i: usize| info(i).map_or("MISC", |e| e.kind.as_str());
        let id = |i: usize| info(i).map_or("", |e| e.id.as_str());

        // The drawing.
        let radii: Vec<f64> = radii(&self.nodes.iter().map(|n| n.passages).collect::<Vec<_>>());
        let heaviest = f64::from(self.edges.iter().map(|e| e.passages).max().unwrap_or(1).max(1));
        let _ = write!(
            out,
            "<figure class=\"net-fig\"><svg class=\"net-svg\" viewBox=\"0 0 {WIDTH} {HEIGHT}\"><g class=\"net-edges\">"
        );
        // Lightest first, so that heavy edges are painted over light ones.
        for (i, e) in self.edges.iter().enumerate().rev() {
            let (Some(p), Some(q)) = (self.nodes.get(e.a), self.nodes.get(e.b)) else {
                continue;
            };
            let width = 1.0 + (EDGE_MAX_WIDTH - 1.0) * (f64::from(e.passages) / heaviest).sqrt();
            let label = format!("{} — {}, {}", name(e.a), name(e.b), passages_words(e.passages));
            let coords = format!(
                "x1=\"{:.1}\" y1=\"{:.1}\" x2=\"{:.1}\" y2=\"{:.1}\"",
                p.x, p.y, q.x, q.y
            );
            let _ = write!(
                out,
                "<a class=\"net-edge x{} x{}{}\" href=\"#/network/{i}\" tabindex=\"-1\" aria-label=\"{}\"><title>{}</title>\
                 <line class=\"hit\" {coords}/><line class=\"v\" {coords} stroke-width=\"{width:.1}\"/></a>",
                e.a,
                e.b,
                if e.kinds.is_empty() { "" } else { " rel" },
                escape(&label),
                escape(&format!(
                    "{} — {} · {}",
                    name(e.a),
                    name(e.b),
                    passages_words(e.passages)
                )),
            );
        }
        out.push_str("</g><g class=\"net-nodes\">");
        let labels = place_labels(self, &radii, &|i| label_text(name(i)));
        for (i, node) in self.nodes.iter().enumerate() {
            let (lx, ly, anchor) = labels[i];
            let words = passages_words(node.passages);
            let _ = write!(
                out,
                "<a class=\"net-node n{i}\" href=\"{}\" data-type=\"{}\" aria-label=\"{}\"><title>{}</title>\
                 <circle cx=\"{:.1}\" cy=\"{:.1}\" r=\"{:.1}\"/><text x=\"{lx:.1}\" y=\"{ly:.1}\" dy=\"0.35em\" \
                 text-anchor=\"{anchor}\">{}</text></a>",
                escape(&entity_href(id(i))),
                kind(i),
                escape(&format!("{}, {words}", name(i))),
                escape(&format!("{} · {words}", name(i))),
                node.x,
                node.y,
                radii.get(i).copied().unwrap_or(R_MIN),
                escape(&label_text(name(i))),
            );
        }
        let _ = write!(
            out,
            "</g></svg><figcaption class=\"net-legend\"><span class=\"net-key\"><svg viewBox=\"0 0 24 8\" \
             aria-hidden=\"true\"><line class=\"k-rel\" x1=\"1\" y1=\"4\" x2=\"23\" y2=\"4\"/></svg>{}</span>\
             <span class=\"net-key\"><svg viewBox=\"0 0 24 8\" aria-hidden=\"true\"><line class=\"k-co\" x1=\"1\" \
             y1=\"4\" x2=\"23\" y2=\"4\"/></svg>{}</span><span class=\"net-key\">{}</span></figcaption></figure>",
            both("relation énoncée", "stated relation"),
            both("nommées dans un même paragraphe", "named in the same paragraph"),
            both(
                "Épaisseur : nombre de passages · taille : passages de l’entité",
                "Width: number of passages · size: the entity’s passages"
            ),
        );

        // The list.
        let facts = facts_by_pair(corpus, self);
        let _ = write!(
            out,
            "<h2 class=\"net-h\">{}</h2><ol class=\"net-list\">",
            both("Les liens, du plus fréquent au plus rare", "Links, most frequent first")
        );
        for (i, e) in self.edges.iter().enumerate() {
            let (Some(x), Some(y)) = (self.nodes.get(e.a), self.nodes.get(e.b)) else {
                continue;
            };
            let (x, y) = (x.entity, y.entity);
            let chip = |n: usize| {
                format!(
                    "<a class=\"net-ent\" href=\"{}\" data-type=\"{}\">{}</a>",
                    escape(&entity_href(id(n))),
                    kind(n),
                    escape(name(n))
                )
            };
            let _ = write!(
                out,
                "<li><details data-edge=\"{i}\"><summary><span class=\"net-pair\">{} <span class=\"net-dash\" \
                 aria-hidden=\"true\">—</span> {}</span> <span class=\"net-n\">{}</span>",
                chip(e.a),
                chip(e.b),
                passages_words(e.passages)
            );
            if !e.kinds.is_empty() {
                let fr: Vec<&str> = e.kinds.iter().map(|&k| kind_words(k).0).collect();
                let en: Vec<&str> = e.kinds.iter().map(|&k| kind_words(k).1).collect();
                let _ = write!(
                    out,
                    " <span class=\"net-kinds\">{}</span>",
                    both(&fr.join(", "), &en.join(", "))
                );
            }
            out.push_str("</summary><div class=\"net-body\">");
            if let Some(list) = facts.get(&key(x, y)) {
                out.push_str("<ul class=\"net-facts\">");
                for (n, ((k, s, o), values)) in list.iter().enumerate() {
                    if n == FACTS_SHOWN {
                        out.push_str("<li>…</li>");
                        break;
                    }
                    let ename =
                        |e: u32| escape(corpus.entities.entities.get(e as usize).map_or("", |i| i.name.as_str()));
                    let (fr, en) = kind_words(*k);
                    let value = if values.is_empty() {
                        String::new()
                    } else {
                        let shown: Vec<String> = values.iter().take(VALUES_SHOWN).map(|v| escape(v)).collect();
                        format!(" <span class=\"net-value\">({})</span>", shown.join(", "))
                    };
                    if k.symmetric() {
                        let _ = write!(
                            out,
                            "<li>{} {} {} {}{value}</li>",
                            both(&format!("{fr} :"), &format!("{en}:")),
                            ename(*s),
                            both("et", "and"),
                            ename(*o)
                        );
                    } else {
                        let _ = write!(out, "<li>{} {} {}{value}</li>", ename(*s), both(fr, en), ename(*o));
                    }
                }
                out.push_str("</ul>");
            }
            out.push_str("<ul class=\"net-samples\">");
            for p in &e.samples {
                let Some(doc) = corpus.docs.get(p.doc) else { continue };
                let date = doc
                    .date
                    .map(|d| format!(" <span class=\"net-date\">{d}</span>"))
                    .unwrap_or_default();
                let _ = write!(
                    out,
                    "<li><a href=\"{}\">{}</a>{date} <q>{}</q></li>",
                    escape(&doc_href(&doc.id, p.at)),
                    escape(&doc.title),
                    excerpt(corpus, p, x, y)
                );
            }
            out.push_str("</ul>");
            let more = e.passages.saturating_sub(e.samples.len() as u32);
            if more > 0 {
                // The rest are in the articles that name both: a search away.
                let filter = |i: usize| format!("entity:\"{}\"", name(i).replace('"', ""));
                let search = format!("#/?q={}", encode(&format!("{} {}", filter(e.a), filter(e.b))));
                let _ = write!(
                    out,
                    "<p class=\"net-more\"><a href=\"{}\">{}</a></p>",
                    escape(&search),
                    both(
                        &format!(
                            "et {} autre{} : les articles qui nomment les deux",
                            more,
                            if more > 1 { "s" } else { "" }
                        ),
                        &format!("and {more} more: the articles that name both")
                    )
                );
            }
            out.push_str("</div></details></li>");
        }
        out.push_str("</ol></div>");
        out
    }
}

/// Facts between the ends of each edge: (kind, subject, object) → values,
/// keyed by the pair.
type Facts = BTreeMap<u64, BTreeMap<(RelationKind, u32, u32), BTreeSet<String>>>;

fn facts_by_pair(corpus: &Corpus, net: &Network) -> Facts {
    let wanted: BTreeSet<u64> = net
        .edges
        .iter()
        .filter(|e| !e.kinds.is_empty())
        .filter_map(|e| Some(key(net.nodes.get(e.a)?.entity, net.nodes.get(e.b)?.entity)))
        .collect();
    let mut out = Facts::new();
    for r in &corpus.relations {
        let k = key(r.subject, r.object);
        if r.subject == r.object || !wanted.contains(&k) {
            continue;
        }
        let (s, o) = if r.kind.symmetric() && r.object < r.subject {
            (r.object, r.subject)
        } else {
            (r.subject, r.object)
        };
        let values = out.entry(k).or_default().entry((r.kind, s, o)).or_default();
        values.extend(r.value.clone());
    }
    out
}

/// Where each node's label goes: (x, y, text-anchor). Heaviest nodes first,
/// each takes the first free place among: beside it away from the centre,
/// beside it on the other side, below, above, and the four diagonals; else
/// the least covered of them. Labels stay inside the box.
fn place_labels(net: &Network, radii: &[f64], text: &dyn Fn(usize) -> String) -> Vec<(f64, f64, &'static str)> {
    let (width, height) = (f64::from(WIDTH), f64::from(HEIGHT));
    let circles: Vec<Box4> = net
        .nodes
        .iter()
        .zip(radii)
        .map(|(n, r)| {
            let (x, y) = (f64::from(n.x), f64::from(n.y));
            (x - r, y - r, x + r, y + r)
        })
        .collect();
    let mut placed: Vec<Box4> = Vec::new();
    let mut out = Vec::with_capacity(net.nodes.len());
    for (i, n) in net.nodes.iter().enumerate() {
        let (x, y, r) = (f64::from(n.x), f64::from(n.y), radii.get(i).copied().unwrap_or(R_MIN));
        let w = text(i).chars().count() as f64 * FONT * CHAR_WIDTH;
        let h = FONT * 1.2;
        let pad = 4.0;
        let right = x >= width / 2.0;
        let (out_side, in_side) = if right { (1.0, -1.0) } else { (-1.0, 1.0) };
        // (anchor x, centre y, anchor) for each candidate.
        let side = |s: f64, dy: f64| -> (f64, f64, &'static str) {
            (x + s * (r + pad), y + dy, if s > 0.0 { "start" } else { "end" })
        };
        let candidates = [
            side(out_side, 0.0),
            side(in_side, 0.0),
            (x, y + r + pad + h / 2.0, "middle"),
            (x, y - r - pad - h / 2.0, "middle"),
            side(out_side, -(r * 0.7 + h / 2.0)),
            side(out_side, r * 0.7 + h / 2.0),
            side(in_side, -(r * 0.7 + h / 2.0)),
            side(in_side, r * 0.7 + h / 2.0),
        ];
        let bounds = |c: &(f64, f64, &str)| -> Box4 {
            let left = match c.2 {
                "start" => c.0,
                "end" => c.0 - w,
                _ => c.0 - w / 2.0,
            };
            (left, c.1 - h / 2.0, left + w, c.1 + h / 2.0)
        };
        let cost = |b: &Box4| -> f64 {
            let outside = if b.0 < 0.0 || b.1 < 0.0 || b.2 > width || b.3 > height {
                1e9
            } else {
                0.0
            };
            outside
                + placed.iter().map(|p| overlap(p, b)).sum::<f64>() * 2.0
                + circles
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, c)| overlap(c, b))
                    .sum::<f64>()
        };
        let mut best = (f64::MAX, 0);
        for (c, cand) in candidates.iter().enumerate() {
            let v = cost(&bounds(cand));
            if v < best.0 {
                best = (v, c);
            }
            if v == 0.0 {
                break;
            }
        }
        let mut chosen = candidates[best.1];
        if best.0 >= 1e9 {
            // Nowhere fits inside: centre it below, pulled into the box.
            let b = bounds(&(x, y + r + pad + h / 2.0, "middle"));
            let shift = if b.0 < 0.0 {
                -b.0
            } else if b.2 > width {
                width - b.2
            } else {
                0.0
            };
            chosen = (x + shift, (y + r + pad + h / 2.0).min(height - h / 2.0), "middle");
        }
        placed.push(bounds(&chosen));
        out.push(chosen);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn apart(pos: &[(f64, f64)], r: &[f64]) -> bool {
        pos.iter().zip(r).all(|(p, r)| {
            p.0 - r >= 0.0 && p.0 + r <= f64::from(WIDTH) && p.1 - r >= 0.0 && p.1 + r <= f64::from(HEIGHT)
        }) && !crowded(pos, r, 0.0)
    }

    #[test]
    fn series_sines_match_the_library() {
        for i in -314..=314 {
            let x = f64::from(i) / 100.0;
            let (s, c) = sin_cos(x);
            assert!((s - x.sin()).abs() < 1e-12 && (c - x.cos()).abs() < 1e-12, "{x}");
        }
    }

    #[test]
    fn circles_on_one_point_come_apart() {
        for n in [1, 2, 40, 150, 400] {
            let passages: Vec<u32> = (0..n as u32).map(|i| 1 + i % 17).collect();
            let r = radii(&passages);
            let mut pos = vec![(440.0, 280.0); n];
            separate(&mut pos, &r);
            assert!(apart(&pos, &r), "{n}");
        }
    }

    #[test]
    fn the_grid_always_fits() {
        for n in [1, 2, 3, 39, 40, 41, 150, 1000, 5000] {
            let passages: Vec<u32> = vec![7; n];
            let r = radii(&passages);
            let mut pos = vec![(10.0, 10.0); n];
            grid(&mut pos);
            assert!(apart(&pos, &r), "{n}");
        }
    }

    #[test]
    fn excerpts_cut_on_characters_and_words() {
        let text = "Élan à l’œuvre ".repeat(30) + "Orange et Cloudwatt" + &" déjà ça été".repeat(30);
        let focus = text.find("Orange").unwrap()..text.find("Cloudwatt").unwrap() + "Cloudwatt".len();
        let (s, e, before, after) = window(&text, &(0..text.len()), focus.clone(), 60);
        assert!(before && after && s <= focus.start && e >= focus.end);
        let cut = &text[s..e];
        assert!(cut.chars().count() <= 60, "{cut}");
        assert!(!cut.starts_with(' ') && !cut.ends_with(' '));
        assert!(
            text[..s].ends_with(' ') && text[e..].starts_with(' '),
            "whole words: {cut}"
        );
        assert_eq!(
            label_text("Orange Cloud for Business Services"),
            "Orange Cloud for Busine…"
        );
        assert_eq!(label_text("Orange"), "Orange");
    }
}
