//! The corpus at a glance, the start screen's overview: how many entities
//! of each type and how often they are mentioned, the most mentioned names,
//! every date, every sum and share.
//!
//! It is counted from the entity table ([`Overview::of`]). A sharded corpus
//! carries it as a small part of its own ([`crate::shards::Part::Overview`]),
//! so that its start screen does not wait for (nor fetch) the whole table:
//! at 100,000 articles the table is 1.4 MB of gzip, the overview a few KB.

use crate::corpus::Corpus;
use crate::entities::table::EntityInfo;
use crate::entities::EntityType;
use crate::snapshot::{put_str, Reader, SnapshotError};

/// Names of the most mentioned people, organisations, places and others shown.
pub const TOP: usize = 8;

/// What the overview shows.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Overview {
    /// Per type with entities, in type order: (type, entities, mentions).
    pub types: Vec<(EntityType, usize, usize)>,
    /// The [`TOP`] most mentioned people, organisations, places and others,
    /// with their mentions, most first.
    pub top: Vec<(EntityInfo, usize)>,
    /// Every date, in the order of time.
    pub dates: Vec<(EntityInfo, usize)>,
    /// Every sum, then every share, largest first.
    pub sums: Vec<(EntityInfo, usize)>,
}

impl Overview {
    /// The overview of a corpus: a sharded corpus's own part (the same
    /// figures, not counted again over every mention as parts arrive), or
    /// counted from the entity table; `None` on a sharded corpus that has
    /// neither yet.
    pub fn of(corpus: &Corpus) -> Option<Overview> {
        match (&corpus.views.overview, corpus.shards.as_deref()) {
            (Some(o), _) => Some(o.clone()),
            (None, Some(s)) if !s.has_entities() => None,
            _ => Some(Overview::count(corpus)),
        }
    }

    /// Counts the overview from the entity table.
    pub fn count(corpus: &Corpus) -> Overview {
        let table = &corpus.entities;
        let mut per_entity: Vec<usize> = vec![0; table.entities.len()];
        for d in 0..corpus.docs.len() {
            for m in table.of(d) {
                if let Some(n) = per_entity.get_mut(m.entity as usize) {
                    *n += 1;
                }
            }
        }
        let mut types: Vec<(EntityType, usize, usize)> = EntityType::ALL.iter().map(|&k| (k, 0, 0)).collect();
        for (e, n) in table.entities.iter().zip(&per_entity) {
            let t = &mut types[e.kind as usize];
            t.1 += 1;
            t.2 += n;
        }
        types.retain(|t| t.1 > 0);
        let of = |keep: &dyn Fn(EntityType) -> bool| -> Vec<(EntityInfo, usize)> {
            table
                .entities
                .iter()
                .zip(&per_entity)
                .filter(|(e, _)| keep(e.kind))
                // What the overview shows of them: id, name and type.
                .map(|(e, &n)| {
                    (
                        EntityInfo {
                            aliases: Vec::new(),
                            description: None,
                            wikidata: None,
                            ..e.clone()
                        },
                        n,
                    )
                })
                .collect()
        };
        let mut top = of(&|k| !matches!(k, EntityType::Date | EntityType::Percent | EntityType::Money));
        crate::sort::by(&mut top, &|a, b| b.1.cmp(&a.1));
        top.truncate(TOP);
        let mut dates = of(&|k| k == EntityType::Date);
        crate::sort::by(&mut dates, &|a, b| a.0.name.cmp(&b.0.name));
        let mut sums = of(&|k| k == EntityType::Money);
        sums.extend(of(&|k| k == EntityType::Percent));
        let rank = |e: &EntityInfo| (e.kind, std::cmp::Reverse(amount(&e.name)));
        crate::sort::by(&mut sums, &|a, b| rank(&a.0).cmp(&rank(&b.0)));
        Overview {
            types,
            top,
            dates,
            sums,
        }
    }

    /// The overview as a part of a sharded corpus: per type with entities,
    /// u8 type, var entities, var mentions (a 0xff byte ends them); then
    /// three lists (top, dates, sums), each var count, per entity: str id,
    /// str name, u8 type, var mentions.
    pub(crate) fn write(&self, w: &mut Vec<u8>) {
        for &(kind, entities, mentions) in &self.types {
            w.push(kind.code());
            crate::index::put_var(w, entities as u64);
            crate::index::put_var(w, mentions as u64);
        }
        w.push(0xff);
        for list in [&self.top, &self.dates, &self.sums] {
            crate::index::put_var(w, list.len() as u64);
            for (e, n) in list {
                put_str(w, &e.id);
                put_str(w, &e.name);
                w.push(e.kind.code());
                crate::index::put_var(w, *n as u64);
            }
        }
    }

    /// Reads what [`Overview::write`] wrote.
    pub(crate) fn read(r: &mut Reader<'_>) -> Result<Overview, SnapshotError> {
        let kind = |r: &mut Reader<'_>, b: u8| EntityType::from_code(b).ok_or(r.corrupt("unknown entity type"));
        let mut types = Vec::new();
        loop {
            let b = r.byte()?;
            if b == 0xff {
                break;
            }
            types.push((kind(r, b)?, r.usize()?, r.usize()?));
        }
        let mut lists = [Vec::new(), Vec::new(), Vec::new()];
        for list in &mut lists {
            for _ in 0..r.usize()? {
                let id = r.str()?;
                let name = r.str()?;
                let b = r.byte()?;
                let info = EntityInfo {
                    id,
                    name,
                    kind: kind(r, b)?,
                    aliases: Vec::new(),
                    description: None,
                    wikidata: None,
                };
                list.push((info, r.usize()?));
            }
        }
        let [top, dates, sums] = lists;
        Ok(Overview {
            types,
            top,
            dates,
            sums,
        })
    }
}

/// A key that orders written amounts ("75 000 000 EUR", "44,3 %") by value:
/// the number of integer digits, then the digits (no float parsing in the wasm).
fn amount(name: &str) -> (usize, String) {
    let digits: String = name
        .chars()
        .take_while(|c| c.is_ascii_digit() || c.is_whitespace() || matches!(c, ',' | '.'))
        .filter(|c| c.is_ascii_digit() || matches!(c, ',' | '.'))
        .map(|c| if c == '.' { ',' } else { c })
        .collect();
    let digits = digits.trim_start_matches('0').to_owned();
    (digits.split(',').next().map_or(0, str::len), digits)
}

#[cfg(test)]
mod tests {
    use super::amount;

    #[test]
    fn amounts_order_by_value() {
        let mut names = ["33 %", "100 %", "44,3 %", "33,3 %", "2,5 %", "78 %"];
        names.sort_by_key(|n| std::cmp::Reverse(amount(n)));
        assert_eq!(names, ["100 %", "78 %", "44,3 %", "33,3 %", "33 %", "2,5 %"]);
        assert!(amount("150 000 000 EUR") > amount("75 000 000 EUR"));
        assert!(amount("2 000 000 EUR") < amount("10 000 000 EUR"));
    }
}
